package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/** Talks to a running Parley over real HTTP, as any client would. */
final class ParleyClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ParleyClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    record Response(int status, String contentType, JsonNode body) {

        String text(String field) {
            return body.path(field).asText(null);
        }

        String problemType() {
            return text("type");
        }
    }

    record Session(String userId, String accessToken, String refreshToken) {
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body == null ? "" : toJson(body));
    }

    Response post(String path, String token, Object body, Map<String, String> headers) {
        return send("POST", path, token, toJson(body), headers);
    }

    Response postRaw(String path, String token, String rawBody) {
        return send("POST", path, token, rawBody);
    }

    Response put(String path, String token, Object body) {
        return send("PUT", path, token, toJson(body));
    }

    Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, toJson(body));
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    String register(String username) {
        Response registered = post("/api/v1/auth/register", null,
                Map.of("username", username, "password", "correct horse", "displayName", username));
        if (registered.status() != 201) {
            throw new IllegalStateException("register " + username + ": " + registered);
        }
        return registered.text("userId");
    }

    Session login(String username, String deviceId) {
        Response tokens = post("/api/v1/auth/login", null,
                Map.of("username", username, "password", "correct horse", "deviceId", deviceId));
        if (tokens.status() != 200) {
            throw new IllegalStateException("login " + username + ": " + tokens);
        }
        return new Session(tokens.text("userId"), tokens.text("accessToken"), tokens.text("refreshToken"));
    }

    /** {@code GET /api/v1/media/{id}} as {@code reader} once it satisfies {@code condition}, within 20 s. */
    JsonNode awaitMedia(Session reader, String mediaId, Predicate<JsonNode> condition) {
        return awaitMedia(reader, mediaId, condition, Duration.ofSeconds(20));
    }

    /** {@code GET /api/v1/media/{id}} as {@code reader} once it satisfies {@code condition}, within {@code patience}. */
    JsonNode awaitMedia(Session reader, String mediaId, Predicate<JsonNode> condition, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        Response last;
        do {
            last = get("/api/v1/media/" + mediaId, reader.accessToken());
            if (last.status() == 200 && condition.test(last.body())) {
                return last.body();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for media " + mediaId, e);
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("media " + mediaId + " never got there: " + last);
    }

    Session registerAndLogin(String username) {
        register(username);
        return login(username, "phone");
    }

    /**
     * The direct chat of two people who know each other: started by {@code from} and accepted by {@code to}, since a
     * chat someone starts reaches the peer as a message request (docs/protocol.md, "Message requests"), which shares
     * no receipts, presence or last seen until accepted. Answers its id once {@code to}'s list shows it accepted.
     */
    String directChat(Session from, Session to) {
        Response opened = post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", to.userId()));
        if (opened.status() != 200 && opened.status() != 201) {
            throw new IllegalStateException("open a direct chat: " + opened);
        }
        String conversation = opened.text("conversationId");
        Response accepted = post("/api/v1/conversations/" + conversation + "/request/accept", to.accessToken(), null);
        if (accepted.status() != 204) {
            throw new IllegalStateException("accept the request: " + accepted);
        }
        QueryFlowTest.await(() -> get("/api/v1/conversations", to.accessToken()).body(),
                list -> QueryFlowTest.find(list.path("conversations"), c -> c.path("conversationId").asText()
                        .equals(conversation) && !c.path("request").asBoolean()).isObject());
        return conversation;
    }

    private Response send(String method, String path, String token, String body) {
        return send(method, path, token, body, Map.of());
    }

    private Response send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = response.body().isBlank() ? NullNode.getInstance() : JSON.readTree(response.body());
            return new Response(response.statusCode(), contentType, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
