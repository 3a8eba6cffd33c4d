package io.parley.gateway.push;

import io.parley.platform.auth.Caller;
import io.parley.api.conversation.ConversationId;
import io.parley.api.problem.Rejection;
import io.parley.gateway.membership.Memberships;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The caller's device's push subscription, and the caller's push settings: text previews (off by default) and
 * conversations muted until a time.
 */
@RestController
@ConditionalOnProperty(name = "parley.push.enabled", havingValue = "true")
@RequestMapping("/api/v1/push")
class PushController {

    record VapidKey(String publicKey) {
    }

    record Keys(@WebPushKey(WebPushKey.Part.P256DH) String p256dh, @WebPushKey(WebPushKey.Part.AUTH) String auth) {
    }

    /** The endpoint is checked in {@link #subscribe}: it needs the endpoint policy. */
    record SubscribeRequest(String endpoint,
                            @NotNull(message = "endpoint and keys \\{p256dh, auth\\} are required") @Valid Keys keys) {
    }

    record Subscribed(String deviceId, String endpoint) {
    }

    record SettingsRequest(@NotNull(message = "previews (true or false) is required") Boolean previews) {
    }

    record Settings(boolean previews, List<PushPreferences.Mute> mutes) {
    }

    record MuteRequest(Instant until) {
    }

    private final Vapid vapid;
    private final EndpointPolicy endpoints;
    private final PushSubscriptions subscriptions;
    private final PushPreferences preferences;
    private final Memberships memberships;

    PushController(Vapid vapid, EndpointPolicy endpoints, PushSubscriptions subscriptions, PushPreferences preferences,
                   Memberships memberships) {
        this.vapid = vapid;
        this.endpoints = endpoints;
        this.subscriptions = subscriptions;
        this.preferences = preferences;
        this.memberships = memberships;
    }

    /** The {@code applicationServerKey} to subscribe with. */
    @GetMapping("/vapid-public-key")
    VapidKey vapidPublicKey() {
        return new VapidKey(vapid.publicKey());
    }

    /** Subscribes the caller's device (the one its access token names), replacing its earlier subscription. */
    @PostMapping("/subscriptions")
    ResponseEntity<Subscribed> subscribe(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                         @Valid @RequestBody SubscribeRequest request) {
        URI endpoint = endpoints.check(request.endpoint());
        subscriptions.save(new PushSubscription(caller.userId(), caller.deviceId(), PushSubscription.WEB_PUSH,
                endpoint, request.keys().p256dh(), request.keys().auth(), Instant.now()));
        return ResponseEntity.status(HttpStatus.CREATED).body(new Subscribed(caller.deviceId(), endpoint.toString()));
    }

    /** Unsubscribes the caller's device; 204 whether or not it was subscribed. */
    @DeleteMapping("/subscriptions")
    ResponseEntity<Void> unsubscribe(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller) {
        subscriptions.remove(caller.userId(), caller.deviceId());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/settings")
    Settings settings(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller) {
        return new Settings(preferences.previews(caller.userId()), preferences.mutes(caller.userId()));
    }

    @PutMapping("/settings")
    Settings changeSettings(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                            @Valid @RequestBody SettingsRequest request) {
        preferences.previews(caller.userId(), request.previews());
        return settings(caller);
    }

    /** No pushes for the conversation until {@code until} (an instant in the future). */
    @PutMapping("/mutes/{conversationId}")
    PushPreferences.Mute mute(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                              @PathVariable String conversationId, @RequestBody MuteRequest request) {
        ConversationId conversation = memberOf(caller, conversationId);
        // checked here, not as a constraint: a non-member learns nothing from the body's answer
        if (request == null || request.until() == null || !request.until().isAfter(Instant.now())) {
            throw Rejection.INVALID_REQUEST.exception("until must be an instant in the future");
        }
        preferences.mute(caller.userId(), conversation, request.until());
        return new PushPreferences.Mute(conversation.value(), request.until());
    }

    @DeleteMapping("/mutes/{conversationId}")
    ResponseEntity<Void> unmute(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                @PathVariable String conversationId) {
        preferences.unmute(caller.userId(), memberOf(caller, conversationId));
        return ResponseEntity.noContent().build();
    }

    private ConversationId memberOf(Caller caller, String conversationId) {
        ConversationId conversation = ConversationId.of(conversationId);
        if (!memberships.isMember(conversation, caller.userId())) {
            throw Rejection.NOT_A_MEMBER.exception("Not a member of conversation " + conversationId);
        }
        return conversation;
    }
}
