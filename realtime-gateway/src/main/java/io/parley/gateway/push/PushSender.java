package io.parley.gateway.push;

import java.util.concurrent.CompletableFuture;

/**
 * Hands one notification for one subscription to its push service. One implementation per {@link PushSubscription}
 * {@code kind}: {@link WebPushSender} ({@code webpush}, RFC 8030/8291/8292) today. A sender for Firebase Cloud
 * Messaging or Apple's APNs is another bean of this type with its own {@code kind} (its subscriptions carry the
 * device token as {@code endpoint}); {@link PushNotifier} picks the sender by kind and handles its outcomes
 * (removal, retries) the same way. Implementations must not block: the answer comes in the future.
 */
interface PushSender {

    String kind();

    CompletableFuture<PushOutcome> send(PushSubscription subscription, PushNotification notification);
}
