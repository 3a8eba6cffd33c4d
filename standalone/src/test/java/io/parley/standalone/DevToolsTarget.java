package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.HasCapabilities;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One DevTools target of a {@link WebBrowser} other than its page, such as the app's service worker, spoken to over
 * the browser's own DevTools WebSocket (ChromeDriver's CDP commands reach only the page, and their answers from
 * another target are lost). Evaluates scripts in the target's context and returns their values.
 */
final class DevToolsTarget implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

    private DevToolsTarget(String webSocketUrl) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(webSocketUrl), new Answers()).join();
    }

    /** The browser's (first) service worker, once it runs. */
    static DevToolsTarget serviceWorker(WebBrowser browser) {
        String address = (String) ((Map<?, ?>) ((HasCapabilities) browser.driver).getCapabilities()
                .getCapability("goog:chromeOptions")).get("debuggerAddress");
        JsonNode worker = browser.waitFor(d -> {
            for (JsonNode target : targets(address)) {
                if ("service_worker".equals(target.path("type").asText())) {
                    return target;
                }
            }
            return null;
        });
        return new DevToolsTarget(worker.path("webSocketDebuggerUrl").asText());
    }

    private static JsonNode targets(String debuggerAddress) {
        try {
            HttpResponse<String> list = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + debuggerAddress + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(list.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of this script (a promise's, once settled) in the target; its exception as an AssertionError. */
    JsonNode evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", "Runtime.evaluate", "params",
                Map.of("expression", expression, "awaitPromise", true, "returnByValue", true))), true).join();
        JsonNode result = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (result.has("error") || result.path("result").has("exceptionDetails")) {
            throw new AssertionError("in the worker: " + expression + " -> " + result);
        }
        return result.path("result").path("result").path("value");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    /** Each answer, by its id; the target's events are of no interest here. */
    private final class Answers implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode answer = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> waiting = answers.remove(answer.path("id").asInt(-1));
                    if (waiting != null) {
                        waiting.complete(answer);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    message.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
