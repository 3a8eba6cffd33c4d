package io.parley.platform.web;

import io.parley.api.problem.Rejection;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error answers (a request it refuses before any filter runs: {@code %00} or an encoded {@code /} in the
 * path, a malformed request line, overlong headers) as {@code application/problem+json} instead of an HTML page.
 * An error response the application has already written a body for is left as it is.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    /** Replaces the host's error report valve (Tomcat's, or the one Spring Boot adds) of {@code context} with this. */
    public static void install(Context context) {
        Host host = (Host) context.getParent();
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new ProblemErrorReportValve());
        if (host instanceof StandardHost standardHost) {
            // at start the host adds a valve of this class unless one is there already: ours is
            standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
    }

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response cannot take a body: nothing left to tell anyone
        }
    }

    /** No detail from the request or from Tomcat's message: this answers input nothing else has checked. */
    static String problem(int status) {
        String type;
        String title;
        String detail;
        if (status == 400) {
            type = Rejection.INVALID_REQUEST.type().toString();
            title = Rejection.INVALID_REQUEST.title();
            detail = "The request line, its path or its headers are malformed or too long";
        } else if (status == 404) {
            type = Rejection.NOT_FOUND.type().toString();
            title = Rejection.NOT_FOUND.title();
            detail = "No such resource";
        } else {
            type = "about:blank";
            title = status >= 500 ? "Server error" : "Request refused";
            detail = "The server could not handle this request (HTTP " + status + ")";
        }
        return "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }
}
