package io.parley.gateway.push;

import io.parley.api.account.UserId;

import java.net.URI;
import java.time.Instant;

/**
 * One device's way to be reached without a socket: the push service's {@code endpoint} and, for Web Push, the
 * browser's message key ({@code p256dh}) and {@code auth} secret, both base64url. {@code kind} picks the
 * {@link PushSender}. One per device: subscribing again replaces it.
 */
record PushSubscription(UserId userId, String deviceId, String kind, URI endpoint, String p256dh, String auth,
                        Instant createdAt) {

    static final String WEB_PUSH = "webpush";
}
