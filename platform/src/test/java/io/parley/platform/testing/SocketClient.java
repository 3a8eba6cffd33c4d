package io.parley.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A device on {@code /ws}, as a real client: JSON text frames in, every frame out kept in arrival order. */
public final class SocketClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    public static SocketClient connect(int port, String accessToken) {
        SocketClient client = new SocketClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + accessToken), client)
                .join();
        return client;
    }

    /** Null when the server refuses the handshake (a 401 for a bad token, for instance). */
    /** Connected and resumed with nothing to catch up (the resume acknowledged within {@code patience}): live. */
    public static SocketClient live(int port, String accessToken, Duration patience) throws InterruptedException {
        SocketClient socket = connect(port, accessToken);
        socket.send(Map.of("type", "resume", "id", "go-live", "positions", Map.of()));
        socket.await(frame -> frame.path("type").asText().equals("ack") && frame.path("id").asText().equals("go-live"),
                patience);
        return socket;
    }

    public static SocketClient tryConnect(int port, String accessToken) {
        try {
            return connect(port, accessToken);
        } catch (CompletionException refused) {
            return null;
        }
    }

    public void send(Map<String, ?> frame) {
        try {
            sendRaw(JSON.writeValueAsString(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame matching, skipping (and dropping) others; fails after the timeout. */
    public JsonNode await(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        JsonNode frame = poll(wanted, timeout);
        if (frame == null) {
            throw new AssertionError("no matching frame within " + timeout);
        }
        return frame;
    }

    public JsonNode await(String type) throws InterruptedException {
        return await(frame -> type.equals(frame.path("type").asText()), WAIT);
    }

    /** The next frame matching, skipping (and dropping) others; fails after 10 s. */
    public JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
        return await(wanted, WAIT);
    }

    /** The answer to the client frame with this id; fails after 10 s. */
    public JsonNode answerTo(String id) throws InterruptedException {
        return next(frame -> id.equals(frame.path("id").asText()));
    }

    /** The next frame matching within the time given, skipping (and dropping) others, or null. */
    public JsonNode poll(Predicate<JsonNode> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame != null && wanted.test(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** Every frame up to and including the first that matches; fails after 10 s. */
    public List<JsonNode> upTo(Predicate<JsonNode> last) throws InterruptedException {
        List<JsonNode> frames = framesWithin(WAIT, frame -> true, last);
        if (frames.isEmpty() || !last.test(frames.get(frames.size() - 1))) {
            throw new AssertionError("no matching frame within " + WAIT + "; got " + frames);
        }
        return frames;
    }

    /** Every frame of that type that arrives within the window. */
    public List<JsonNode> collect(String type, Duration window) throws InterruptedException {
        return framesWithin(window, frame -> type.equals(frame.path("type").asText()), frame -> false);
    }

    /** Every frame, of any type, that arrives within the window. */
    public List<JsonNode> collectAll(Duration window) throws InterruptedException {
        return framesWithin(window, frame -> true, frame -> false);
    }

    /** The frames kept of those that arrive within the window, up to and including the first that is the last. */
    private List<JsonNode> framesWithin(Duration window, Predicate<JsonNode> keep, Predicate<JsonNode> last)
            throws InterruptedException {
        List<JsonNode> frames = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame != null && keep.test(frame)) {
                frames.add(frame);
                if (last.test(frame)) {
                    break;
                }
            }
        }
        return frames;
    }

    /** Whether the server (or the network) closed the socket. */
    public boolean isClosed() {
        return closed.isDone();
    }

    public int awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
