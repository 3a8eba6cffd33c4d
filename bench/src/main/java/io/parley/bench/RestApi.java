package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The REST calls the load driver needs: register, log in, open a direct conversation, read a history page. */
final class RestApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "load benchmark password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;

    RestApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Session(String userId, String accessToken) {
    }

    Session registerAndLogin(String username) throws IOException, InterruptedException {
        post("/api/v1/auth/register", null, Map.of("username", username, "password", PASSWORD, "displayName", username), 201);
        JsonNode tokens = post("/api/v1/auth/login", null,
                Map.of("username", username, "password", PASSWORD, "deviceId", "load-driver"), 200);
        return new Session(tokens.path("userId").asText(), tokens.path("accessToken").asText());
    }

    String openDirect(Session from, String peerUserId) throws IOException, InterruptedException {
        return post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", peerUserId), 0)
                .path("conversationId").asText();
    }

    /** GETs JSON; fails unless the status is 200. */
    JsonNode get(Session as, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + as.accessToken()).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** POSTs JSON; fails unless the status is {@code expected} (any 2xx when 0). */
    private JsonNode post(String path, String token, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (expected == 0 ? status / 100 != 2 : status != expected) {
            throw new IllegalStateException("POST " + path + " answered " + status + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
