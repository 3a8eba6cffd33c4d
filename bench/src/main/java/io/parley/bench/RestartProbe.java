package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Times a restart of Parley on an existing data directory, as an operator does it: a new JVM ({@code java -jar} the
 * standalone exec jar, {@link ServerProcess}) on that directory. Ready means both: an authenticated history request
 * answers 200 with a page, and a message sent after the restart reaches a member's WebSocket (the member resumes from
 * the last seqs the conversation list shows; on close code 4009, catch-up incomplete, it reconnects and resumes again,
 * as docs/protocol.md tells clients). The figures are from the moment the process is started, each printed as reached.
 */
final class RestartProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse";

    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long deadline;
    private ServerProcess server;
    private String baseUrl;

    private RestartProbe(PrintStream out, Duration timeout) {
        this.out = out;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * @param reader the user whose socket must get the message (password {@code correct horse})
     * @param sender a member with the reader of the reader's conversation titled {@code title}, who sends the message
     */
    static void run(PrintStream out, Path jar, Path dataDir, Path logDir, String reader, String sender, String title,
                    Duration timeout, AfterReady afterReady) throws Exception {
        RestartProbe probe = new RestartProbe(out, timeout);
        try {
            probe.measure(jar, dataDir, logDir, reader, sender, title, afterReady);
        } finally {
            if (probe.server != null) {
                List<String> problems = probe.server.problemsInLog(0, 10);
                probe.server.close();
                out.printf(Locale.ROOT, "   server log %s: %s%n", logDir.resolve("server.log"),
                        problems.isEmpty() ? "no WARN/ERROR lines" : "WARN/ERROR lines:\n      " + String.join("\n      ", problems));
            }
        }
    }

    /** What to do with the server once it is ready, before it is stopped. */
    interface AfterReady {
        void run(String baseUrl, String readerToken, Map<String, Long> lastSeqs, String titled) throws Exception;
    }

    private void measure(Path jar, Path dataDir, Path logDir, String reader, String sender, String title,
                         AfterReady afterReady) throws Exception {
        long start = System.nanoTime();
        server = ServerProcess.start(jar, dataDir, logDir, "1g", "g1", "-XX:MaxGCPauseMillis=25", 4);
        baseUrl = "http://127.0.0.1:" + server.port();
        String readerToken = untilOk(() -> login(reader));
        step(start, "login answered");
        Map<String, Long> lastSeqs = new LinkedHashMap<>();
        String[] conversation = new String[1];
        untilOk(() -> conversationList(readerToken, title, lastSeqs, conversation));
        long lastSeq = lastSeqs.get(conversation[0]);
        untilOk(() -> historyPage(readerToken, conversation[0], lastSeq));
        long history = step(start, "conversation list and history page answered");

        LiveSocket socket = resume(readerToken, lastSeqs, start);
        String senderToken = untilOk(() -> login(sender));
        String marker = "restart-probe-" + System.nanoTime();
        socket.awaited = marker;
        untilOk(() -> sendMessage(senderToken, conversation[0], marker));
        step(start, "live message acknowledged");
        socket.delivered.get(remaining(), TimeUnit.NANOSECONDS);
        long delivered = step(start, "live message delivered to the member's socket");
        socket.close();
        out.printf(Locale.ROOT, "   READY after %.2f s (target <= 15 s); HTTP alone after %.2f s%n",
                seconds(delivered - start), seconds(history - start));
        if (afterReady != null) {
            afterReady.run(baseUrl, readerToken, lastSeqs, conversation[0]);
        }
    }

    /** Connects the reader's socket and resumes, again after each 4009 (catch-up incomplete), until acknowledged. */
    private LiveSocket resume(String token, Map<String, Long> lastSeqs, long start) throws Exception {
        for (int attempt = 1; ; attempt++) {
            LiveSocket socket = new LiveSocket();
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?access_token=" + token), socket)
                    .get(remaining(), TimeUnit.NANOSECONDS);
            socket.send("{\"type\":\"resume\",\"id\":\"r\",\"positions\":" + JSON.writeValueAsString(lastSeqs) + "}");
            try {
                socket.resumed.get(remaining(), TimeUnit.NANOSECONDS);
                step(start, "socket resumed (attempt " + attempt + ")");
                return socket;
            } catch (ExecutionException e) {
                if (!String.valueOf(e.getCause().getMessage()).contains("closed 4009")) {
                    throw e;
                }
                step(start, "socket closed 4009 (catch-up incomplete) on attempt " + attempt + ", resuming again");
            }
        }
    }

    private long step(long start, String what) {
        long now = System.nanoTime();
        out.printf(Locale.ROOT, "   %6.2f s  %s%n", seconds(now - start), what);
        return now;
    }

    /** Fills {@code lastSeqs} from the reader's conversation list and names the one titled {@code title}. */
    private String conversationList(String token, String title, Map<String, Long> lastSeqs, String[] titled)
            throws IOException, InterruptedException {
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/conversations?limit=500"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (list.statusCode() != 200) {
            return null;
        }
        for (JsonNode conversation : JSON.readTree(list.body()).path("conversations")) {
            lastSeqs.put(conversation.path("conversationId").asText(), conversation.path("lastSeq").asLong());
            if (title.equals(conversation.path("title").asText())) {
                titled[0] = conversation.path("conversationId").asText();
            }
        }
        return titled[0];
    }

    private String login(String username) throws IOException, InterruptedException {
        HttpResponse<String> answer = post("/api/v1/auth/login", null,
                Map.of("username", username, "password", PASSWORD, "deviceId", "restart-probe"));
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("accessToken").asText() : null;
    }

    private String historyPage(String token, String conversation, long lastSeq) throws IOException, InterruptedException {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/conversations/"
                        + conversation + "/messages?limit=50&before=" + (lastSeq + 1)))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return page.statusCode() == 200 && JSON.readTree(page.body()).path("messages").size() > 0 ? page.body() : null;
    }

    private String sendMessage(String token, String conversation, String text) throws IOException, InterruptedException {
        HttpResponse<String> answer = post("/api/v1/conversations/" + conversation + "/messages", token,
                Map.of("clientMessageId", text, "text", text));
        return answer.statusCode() < 300 ? answer.body() : null;
    }

    private HttpResponse<String> post(String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Attempt {
        /** The answer, or null when it should be tried again. */
        String call() throws IOException, InterruptedException;
    }

    /** Tries until the attempt answers (connection refused and non-2xx answers are tried again every 50 ms). */
    private String untilOk(Attempt attempt) throws Exception {
        while (remaining() > 0) {
            server.checkAlive();
            try {
                String answer = attempt.call();
                if (answer != null) {
                    return answer;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not ready in time; the server log ends:\n" + server.logTail(40));
    }

    private long remaining() {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new IllegalStateException("not ready in time; the server log ends:\n" + server.logTail(40));
        }
        return left;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The member's socket: completes {@code resumed} on the resume's ack, {@code delivered} on the awaited text. */
    private static final class LiveSocket implements WebSocket.Listener {
        final CompletableFuture<Void> resumed = new CompletableFuture<>();
        final CompletableFuture<Void> delivered = new CompletableFuture<>();
        volatile String awaited;
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        void send(String frame) {
            socket.sendText(frame, true).join();
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode frame = JSON.readTree(text);
                    String type = frame.path("type").asText();
                    if (type.equals("ack") && frame.path("id").asText().equals("r")) {
                        resumed.complete(null);
                    } else if (type.equals("error") && frame.path("id").asText().equals("r")) {
                        resumed.completeExceptionally(new IllegalStateException("resume refused: " + text));
                    } else if (type.equals("message") && awaited != null && awaited.equals(frame.path("text").asText())) {
                        delivered.complete(null);
                    }
                } catch (IOException unparsable) {
                    resumed.completeExceptionally(unparsable);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            IllegalStateException closed = new IllegalStateException("socket closed " + statusCode + " " + reason);
            resumed.completeExceptionally(closed);
            delivered.completeExceptionally(closed);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            resumed.completeExceptionally(error);
            delivered.completeExceptionally(error);
        }
    }
}
