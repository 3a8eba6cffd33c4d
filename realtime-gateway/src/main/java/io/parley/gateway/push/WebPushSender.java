package io.parley.gateway.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Web Push (RFC 8030): a POST of the encrypted notification (RFC 8291) to the subscription's endpoint, signed with
 * VAPID (RFC 8292). The payload is JSON: {@code {"type":"message","conversationId","seq","senderName","unread"}}, plus
 * {@code "preview"} when the user allows previews, {@code "request":true} for a message request's first message; of a
 * group invitation {@code {"type":"invitation","conversationId","senderName","title"}}.
 * {@code Topic} (one per conversation) lets the push service replace
 * an undelivered push of the same conversation instead of queueing both.
 */
final class WebPushSender implements PushSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Vapid vapid;
    private final EndpointPolicy endpoints;

    WebPushSender(HttpClient http, Vapid vapid, EndpointPolicy endpoints) {
        this.http = http;
        this.vapid = vapid;
        this.endpoints = endpoints;
    }

    @Override
    public String kind() {
        return PushSubscription.WEB_PUSH;
    }

    @Override
    public CompletableFuture<PushOutcome> send(PushSubscription subscription, PushNotification notification) {
        URI endpoint = subscription.endpoint();
        if (!endpoints.reachable(endpoint)) {
            return CompletableFuture.completedFuture(new PushOutcome.Refused(0));
        }
        byte[] body = WebPushEncryption.encrypt(payload(notification),
                P256.decode(Base64.getUrlDecoder().decode(subscription.p256dh())).orElseThrow(),
                Base64.getUrlDecoder().decode(subscription.auth()));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Authorization", vapid.authorization(endpoint))
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("TTL", Long.toString(notification.ttl().toSeconds()))
                .header("Urgency", "high")
                .header("Topic", topic(notification.conversationId()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(WebPushSender::outcome)
                .exceptionally(unreachable -> new PushOutcome.RetryLater(0, null));
    }

    private static PushOutcome outcome(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new PushOutcome.Delivered();
        }
        if (status == 404 || status == 410) {
            return new PushOutcome.Gone(status);
        }
        if (status == 429 || status >= 500) {
            return new PushOutcome.RetryLater(status, retryAfter(response).orElse(null));
        }
        return new PushOutcome.Refused(status);
    }

    /** Retry-After in seconds (the HTTP-date form is rare from push services and is treated as absent). */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException notSeconds) {
                return Optional.empty();
            }
        });
    }

    static byte[] payload(PushNotification notification) {
        Map<String, Object> payload = new LinkedHashMap<>();
        if (notification.kind() == PushNotification.Kind.INVITATION) {
            payload.put("type", "invitation");
            payload.put("conversationId", notification.conversationId());
            payload.put("senderName", notification.senderName());
            payload.put("title", notification.title());
            return json(payload);
        }
        payload.put("type", "message");
        payload.put("conversationId", notification.conversationId());
        payload.put("seq", notification.seq());
        payload.put("senderName", notification.senderName());
        payload.put("unread", notification.unread());
        if (notification.preview() != null) {
            payload.put("preview", notification.preview());
        }
        if (notification.request()) {
            payload.put("request", true);
        }
        return json(payload);
    }

    private static byte[] json(Map<String, Object> payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8030 topics are at most 32 base64url characters: a digest of the conversation id. */
    private static String topic(String conversationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(conversationId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 24));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
