package io.parley.standalone.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The media origin as clients see it in standalone, in front of the embedded S3 server (which cannot add headers of
 * its own): passes every request on unchanged, the Host header included (presigned signatures cover it), and adds
 * {@link #SECURITY_HEADERS} to every answer, so that no media URL can ever be a web page: the browser neither guesses
 * a type other than the one Parley verified, nor runs scripts or keeps an origin for anything it shows. What the
 * edge proxy does in the distributed set-up.
 */
final class MediaEdge implements AutoCloseable {

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "sandbox");

    private static final Logger log = LoggerFactory.getLogger(MediaEdge.class);
    /** What clients do with presigned URLs (and CORS preflights); Parley itself talks to storage directly. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "OPTIONS");
    /** Hop-by-hop headers (RFC 9110 7.6.1), and the length and host that each hop sets for itself. */
    private static final Set<String> NOT_PASSED_ON = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "expect",
            "content-length", "date");
    private static final int THREADS = 64;

    private final HttpServer server;
    private final ExecutorService workers;
    private final OkHttpClient storage;
    private final String storageOrigin;

    private MediaEdge(HttpServer server, ExecutorService workers, URI storageEndpoint) {
        this.server = server;
        this.workers = workers;
        // A fresh connection for every request (loopback, cheap): the S3 server closes a connection after refusing a
        // body it did not read, and a pooled connection it closed would fail the next upload on it.
        this.storage = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofMinutes(2))
                .writeTimeout(Duration.ofMinutes(2)).build();
        this.storageOrigin = storageEndpoint.toString().replaceAll("/+$", "");
    }

    /** Listens on {@code address}:{@code port} (0: any free port) and passes requests on to {@code storageEndpoint}. */
    static MediaEdge start(String address, int port, URI storageEndpoint) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "parley-media-edge-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        MediaEdge edge = new MediaEdge(server, workers, storageEndpoint);
        server.createContext("/", edge::handle);
        server.setExecutor(workers);
        server.start();
        return edge;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
        storage.dispatcher().executorService().shutdown();
        storage.connectionPool().evictAll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                answerEmpty(exchange, 405);
                return;
            }
            URI target = exchange.getRequestURI();
            Request.Builder request = new Request.Builder().url(storageOrigin + target.getRawPath()
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_PASSED_ON.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.addHeader(name, value));
                }
            });
            if (exchange.getRequestHeaders().getFirst("Accept-Encoding") == null) {
                request.header("Accept-Encoding", "identity"); // the client gets the bytes as stored, not unzipped
            }
            if ("PUT".equals(method)) {
                // the S3 server answers a refusal (a wrong signature, size or type) before any of the body is sent
                request.header("Expect", "100-continue");
                request.method(method, new StreamedBody(exchange));
            } else {
                request.method(method, null);
            }
            try (Response answer = storage.newCall(request.build()).execute()) {
                pass(exchange, method, answer);
            } catch (IOException storageFailed) {
                log.warn("The embedded S3 server did not answer {} {}: {}", method,
                        exchange.getRequestURI().getRawPath(), storageFailed.toString());
                answerEmpty(exchange, 502);
            }
        }
    }

    private static void pass(HttpExchange exchange, String method, Response answer) throws IOException {
        Headers headers = answer.headers();
        for (String name : headers.names()) {
            if (!NOT_PASSED_ON.contains(name.toLowerCase(Locale.ROOT)) || "HEAD".equals(method)
                    && "content-length".equalsIgnoreCase(name)) {
                exchange.getResponseHeaders().put(name, List.copyOf(headers.values(name)));
            }
        }
        SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
        String declaredLength = answer.header("Content-Length");
        boolean noBody = "HEAD".equals(method) || answer.code() == 204 || answer.code() == 304
                || "0".equals(declaredLength);
        // the JDK server's lengths: -1 for none, 0 for chunked
        long length = noBody ? -1 : declaredLength == null ? 0 : Long.parseLong(declaredLength);
        exchange.sendResponseHeaders(answer.code(), length);
        if (!noBody && answer.body() != null) {
            try (InputStream in = answer.body().byteStream(); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    private static void answerEmpty(HttpExchange exchange, int status) throws IOException {
        SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, -1);
    }

    /** The client's body, streamed to storage as it arrives, with the length the client declared. */
    private static final class StreamedBody extends RequestBody {

        private final HttpExchange exchange;
        private final long length;

        StreamedBody(HttpExchange exchange) {
            this.exchange = exchange;
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            this.length = declared == null ? -1 : Long.parseLong(declared.trim());
        }

        @Override
        public MediaType contentType() {
            return null; // the client's Content-Type header is passed on as it came
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(sink.outputStream());
            }
        }
    }
}
