package io.parley.platform.problem;

import io.parley.api.problem.Rejection;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An {@code application/problem+json} answer written straight to the servlet response, for the filters that answer
 * before any handler (and so any exception advice) is reached. Headers of their own are set before calling.
 */
public final class ProblemResponse {

    private ProblemResponse() {
    }

    public static void write(HttpServletResponse response, Rejection rejection, String detail, String instance)
            throws IOException {
        response.setStatus(rejection.status());
        response.setContentType("application/problem+json");
        String body = "{\"type\":\"" + rejection.type() + "\",\"title\":\"" + rejection.title()
                + "\",\"status\":" + rejection.status() + ",\"detail\":\"" + jsonEscape(detail)
                + "\",\"instance\":\"" + jsonEscape(instance) + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
