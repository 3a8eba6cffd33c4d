package io.parley.platform.logs;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The id that ties together the log lines of one request: the REST request or socket frame, the command it sends,
 * the events that command stores and their projections. It is {@code requestId} in the logs (the MDC), the
 * {@value #HEADER} header on HTTP, and Axon's {@value #META_DATA_KEY} metadata on commands and events (Axon's
 * {@code MessageOriginProvider} copies it from a command onto the events it stores).
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String META_DATA_KEY = "traceId";

    private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();
    private static final Scope NOTHING = () -> { };

    /** What a caller's id may be: short, and nothing that could forge a log line or field. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** The caller's id when it is a plain one, else a new one. */
    public static String acceptOrCreate(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches() ? offered : create();
    }

    public static String create() {
        return UUID.randomUUID().toString();
    }

    /** The id of the work this thread does now, or null. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** Sets this thread's id until the returned scope is closed, which puts back the one before. */
    public static Scope open(String requestId) {
        String before = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, requestId);
        return () -> {
            if (before == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, before);
            }
        };
    }

    /**
     * Carries this thread's id to work done later, on another thread, and its current observation (the trace span
     * the work's commands are children of).
     */
    public static <T> Supplier<T> carried(Supplier<T> work) {
        String requestId = current();
        ContextSnapshot context = CONTEXT.captureAll();
        return () -> {
            try (ContextSnapshot.Scope restored = context.setThreadLocals();
                 Scope ignored = requestId == null ? NOTHING : open(requestId)) {
                return work.get();
            }
        };
    }

    /** Carries this thread's id to work done later, on another thread. */
    public static Runnable carried(Runnable work) {
        Supplier<Void> carried = carried(() -> {
            work.run();
            return null;
        });
        return carried::get;
    }

    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
