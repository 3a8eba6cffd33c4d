package io.parley.standalone;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A tiny OTLP/HTTP trace receiver: takes what an exporter POSTs to /v1/traces (protobuf, ExportTraceServiceRequest)
 * and keeps the spans, and every body as it came, to look for what must not be in them.
 */
final class OtlpReceiver implements AutoCloseable {

    record ExportedSpan(String traceId, String spanId, String parentSpanId, String name, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                InputStream in = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                byte[] body = in.readAllBytes();
                bodies.add(body);
                spans.addAll(ExportRequest.spansOf(body));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Everything exported so far, its strings readable (protobuf writes them as UTF-8). */
    String exportedText() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        bodies.forEach(all::writeBytes);
        return all.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Reads the fields of opentelemetry-proto's trace.proto the tests look at, from the protobuf wire format:
     * ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) → ScopeSpans.spans(2) → Span
     * trace_id(1), span_id(2), parent_span_id(4), name(5), attributes(9: KeyValue key(1), value(2): AnyValue
     * string_value(1)).
     */
    private static final class ExportRequest {

        static List<ExportedSpan> spansOf(byte[] request) {
            List<ExportedSpan> spans = new ArrayList<>();
            for (byte[] resourceSpans : fields(request, 1)) {
                for (byte[] scopeSpans : fields(resourceSpans, 2)) {
                    for (byte[] span : fields(scopeSpans, 2)) {
                        spans.add(spanOf(span));
                    }
                }
            }
            return spans;
        }

        private static ExportedSpan spanOf(byte[] span) {
            Map<String, String> attributes = new HashMap<>();
            for (byte[] keyValue : fields(span, 9)) {
                String key = text(first(keyValue, 1));
                byte[] value = first(keyValue, 2);
                attributes.put(key, value == null ? null : text(first(value, 1)));
            }
            return new ExportedSpan(hex(first(span, 1)), hex(first(span, 2)), hex(first(span, 4)),
                    text(first(span, 5)), attributes);
        }

        private static byte[] first(byte[] message, int field) {
            List<byte[]> found = fields(message, field);
            return found.isEmpty() ? null : found.get(0);
        }

        /** The length-delimited values of a field, in order; other fields skipped by their wire type. */
        private static List<byte[]> fields(byte[] message, int wanted) {
            List<byte[]> found = new ArrayList<>();
            int[] at = {0};
            while (at[0] < message.length) {
                long tag = varint(message, at);
                int field = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> varint(message, at);
                    case 1 -> at[0] += 8;
                    case 5 -> at[0] += 4;
                    case 2 -> {
                        int length = (int) varint(message, at);
                        if (field == wanted) {
                            byte[] value = new byte[length];
                            System.arraycopy(message, at[0], value, 0, length);
                            found.add(value);
                        }
                        at[0] += length;
                    }
                    default -> throw new IllegalArgumentException("wire type " + (tag & 7));
                }
            }
            return found;
        }

        private static long varint(byte[] message, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = message[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        private static String hex(byte[] bytes) {
            return bytes == null ? "" : HexFormat.of().formatHex(bytes);
        }

        private static String text(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
