package io.parley.gateway.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.account.DeviceSessionRevoked;
import io.parley.platform.auth.SessionRevocations;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupInvitationsOpened;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.gateway.block.Blocks;
import io.parley.gateway.connection.ConnectionRegistry;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.peers.GatewayPeers;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Pushes a message to the devices of its recipients that have no open socket. It hears the events beside the
 * realtime projector (same processing group, so this node's own processor; never the replay that rebuilds the
 * membership view at start) and only hands them to its own
 * thread, so neither the send path nor the sockets' frames ever wait for a push service.
 * <p>
 * Per device and conversation at most one push per {@code coalesce-window}: the first message goes out at once, what
 * follows within the window goes out as one push at its end (the newest seq, the unread count). Nothing goes to the
 * sender's own devices, to a conversation the user muted, or for a seq the user has read by then; a device that
 * opened a socket meanwhile gets the message there instead.
 * <p>
 * Every gateway node hears every message and works it out; with several nodes ({@link GatewayPeers}) a device is
 * online while any node holds a socket of it, and a window is claimed across nodes: the node that opens it pushes,
 * the others leave that device and conversation alone until it ends (its holder gives it up then, or holds it on
 * when something came meanwhile). So a device gets one push per window, not one per node.
 * <p>
 * While a message request is not accepted, its recipient is pushed its first message only ({@code seq} 1, as a
 * request, without preview), never the requester's next ones. A group invitation ({@link GroupInvitationsOpened}) is
 * pushed once to each invited user's devices without a socket (who invited them into which group, never a message),
 * outside any window.
 * Sending and retrying: {@link PushDelivery}.
 * <p>
 * Events wait in an inbox the worker drains in turns: the devices of all recipients of the messages taken in one turn
 * are read in one query (and remembered a few seconds: {@link PushSubscriptions}), so a busy moment costs one read
 * of the subscriptions, not one per message.
 */
@Component
@ConditionalOnProperty(name = "parley.push.enabled", havingValue = "true")
@ProcessingGroup(PushNotifier.PROCESSING_GROUP)
@DisallowReplay
class PushNotifier {

    /** The realtime projector's group: a tracking processor of this node's own. */
    static final String PROCESSING_GROUP = "realtime";
    static final int PREVIEW_CHARACTERS = 100;
    private static final long FIRST_SEQ = 1;
    private static final int NAME_LOOKUPS = 4;
    private static final Duration NAME_LOOKUP_PAUSE = Duration.ofMillis(250);
    /** How long an invitation's push is claimed: longer than any node could lag behind the one that pushed it. */
    private static final Duration INVITATION_CLAIM = Duration.ofHours(1);
    /** Arrivals taken from the inbox in one turn at most. */
    private static final int TURN = 500;

    /**
     * {@code recipients}: the members but the sender, when sent (the handler's read of the members, so the worker
     * needs none); {@code requestedOf}: those the conversation was a message request to, not accepted, when sent.
     */
    private record Message(ConversationId conversation, long seq, UserId sender, String text,
                           List<UserId> recipients, Set<UserId> requestedOf, boolean request) {

        Message asRequest() {
            return new Message(conversation, seq, sender, text, recipients, requestedOf, true);
        }
    }

    /** What the worker takes from its inbox, in the order it came. */
    private sealed interface Arrival {
    }

    private record Sent(Message message) implements Arrival {
    }

    private record Read(ReadUpTo event) implements Arrival {
    }

    private record Invited(GroupInvitationsOpened event) implements Arrival {
    }

    /** Ends its turn: the messages after it must not see the subscriptions read before it. */
    private record Revoked(DeviceSessionRevoked event) implements Arrival {
    }

    /** A device's push window for one conversation; {@code pending}: the newest message waiting for its end. */
    private static final class Window {
        PushSubscription subscription;
        Message pending;

        Window(PushSubscription subscription) {
            this.subscription = subscription;
        }
    }

    private final PushProperties settings;
    private final PushSubscriptions subscriptions;
    private final PushPreferences preferences;
    private final Memberships memberships;
    private final Blocks blocks;
    private final ConnectionRegistry connections;
    private final GatewayPeers peers;
    private final SenderNames names;
    private final UnreadCounts unread = new UnreadCounts();
    /** Touched by the worker thread only. */
    private final Map<String, Window> windows = new HashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-push");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger queued = new AtomicInteger();
    private final Queue<Arrival> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final PushDelivery delivery;

    PushNotifier(PushProperties settings, PushSubscriptions subscriptions, PushPreferences preferences,
                 Collection<PushSender> senders, Memberships memberships, Blocks blocks, ConnectionRegistry connections,
                 GatewayPeers peers, SenderNames names, SessionRevocations revocations, MeterRegistry meters) {
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.preferences = preferences;
        this.memberships = memberships;
        this.blocks = blocks;
        this.connections = connections;
        this.peers = peers;
        this.names = names;
        this.delivery = new PushDelivery(settings, senders, subscriptions, worker, meters);
        // a device that logged out, or was logged out, is not told about messages any more
        revocations.onRevocation(event -> submit(new Revoked(event)));
    }

    @EventHandler
    void on(MessageSent event) {
        // the request's state as of this event (the processor's order), not as of when the worker gets to it; only a
        // direct chat (two members) can be a request, so a group's message costs no look-up per member
        Collection<UserId> members = memberships.of(event.conversationId());
        Set<UserId> requestedOf = members.size() != 2 ? Set.of() : members.stream()
                .filter(member -> blocks.requestPending(event.senderId(), member))
                .collect(Collectors.toUnmodifiableSet());
        List<UserId> recipients = members.stream().filter(member -> !member.equals(event.senderId())).toList();
        submit(new Sent(new Message(event.conversationId(), event.seq(), event.senderId(), event.text(),
                recipients, requestedOf, false)));
    }

    @EventHandler
    void on(GroupInvitationsOpened event) {
        submit(new Invited(event));
    }

    @EventHandler
    void on(ReadUpTo event) {
        submit(new Read(event));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void submit(Arrival arrival) {
        if (queued.incrementAndGet() > settings.maxQueued()) {
            queued.decrementAndGet();
            delivery.dropped();
            return;
        }
        inbox.add(arrival);
        if (draining.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    /** One turn: takes what is in the inbox, reads the recipients' devices at once, works it out in order. */
    private void drain() {
        try {
            guarded(this::turn);
        } finally {
            draining.set(false);
            if (!inbox.isEmpty() && draining.compareAndSet(false, true)) {
                worker.execute(this::drain);
            }
        }
    }

    private void turn() {
        List<Arrival> turn = new ArrayList<>();
        for (Arrival arrival; turn.size() < TURN && (arrival = inbox.poll()) != null; ) {
            turn.add(arrival);
            if (arrival instanceof Revoked) {
                break;
            }
        }
        queued.addAndGet(-turn.size());
        Set<UserId> recipients = turn.stream()
                .flatMap(arrival -> arrival instanceof Sent sent ? sent.message().recipients().stream()
                        : arrival instanceof Invited invited ? invited.event().userIds().stream() : Stream.empty())
                .collect(Collectors.toSet());
        Map<UserId, List<PushSubscription>> devices = recipients.isEmpty() ? Map.of() : subscriptions.of(recipients);
        for (Arrival arrival : turn) {
            guarded(() -> workOut(arrival, devices));
        }
    }

    private void workOut(Arrival arrival, Map<UserId, List<PushSubscription>> devices) {
        if (arrival instanceof Sent sent) {
            messageSent(sent.message(), devices);
        } else if (arrival instanceof Invited invited) {
            invited(invited.event(), devices);
        } else if (arrival instanceof Read read) {
            unread.read(read.event().userId(), read.event().conversationId(), read.event().seq());
        } else if (arrival instanceof Revoked revoked) {
            subscriptions.removeOlderThan(revoked.event().userId(), revoked.event().deviceId(),
                    revoked.event().revokedAt());
        }
    }

    private void messageSent(Message message, Map<UserId, List<PushSubscription>> devices) {
        List<PushSubscription> theirs = message.recipients().stream()
                .flatMap(user -> devices.getOrDefault(user, List.of()).stream())
                .toList();
        Set<UserId> counted = new HashSet<>();
        for (PushSubscription device : theirs) {
            if (counted.add(device.userId())) {
                unread.messageFromOther(device.userId(), message.conversation(), message.seq());
            }
        }
        for (PushSubscription device : theirs) {
            if (!delivery.serves(device)) {
                continue;
            }
            if (!message.requestedOf().contains(device.userId())) {
                offer(device, message);
            } else if (message.seq() == FIRST_SEQ) {
                offer(device, message.asRequest());
            }
        }
    }

    /**
     * One push per invited device, claimed across nodes for as long as the event could still reach a slower one (every
     * node hears it); the claim's key names the invitation, so being invited again is pushed again.
     */
    private void invited(GroupInvitationsOpened event, Map<UserId, List<PushSubscription>> devices) {
        for (UserId user : event.userIds()) {
            for (PushSubscription device : devices.getOrDefault(user, List.of())) {
                String claim = "push-invitation:" + user.value() + "/" + device.deviceId() + "/"
                        + event.conversationId().value() + "/" + event.openedAt().toEpochMilli();
                if (delivery.serves(device) && invitationWanted(device, event.conversationId())
                        && peers.claim(claim, INVITATION_CLAIM)) {
                    pushInvitation(device, event, 1);
                }
            }
        }
    }

    /** As {@link #push(PushSubscription, Message, int)}: the inviter's name may reach the invitee's list a moment late. */
    private void pushInvitation(PushSubscription device, GroupInvitationsOpened event, int nameLookups) {
        if (!invitationWanted(device, event.conversationId())) {
            return;
        }
        String inviterName = names.of(event.invitedBy(), device.userId());
        if (inviterName == null && nameLookups < NAME_LOOKUPS) {
            worker.schedule(() -> guarded(() -> pushInvitation(device, event, nameLookups + 1)),
                    NAME_LOOKUP_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        delivery.send(device, PushNotification.invitation(event.conversationId().value(), inviterName, event.title(),
                settings.ttl()), () -> invitationWanted(device, event.conversationId()));
    }

    private void offer(PushSubscription device, Message message) {
        String key = device.userId().value() + "/" + device.deviceId() + "/" + message.conversation().value();
        Window open = windows.get(key);
        if (open != null) {
            open.subscription = device;
            if (open.pending == null || open.pending.seq() < message.seq()) {
                open.pending = message;
            }
            return;
        }
        // a node that sees the device online elsewhere claims nothing: the window is the pushing node's
        if (!wanted(device, message) || !peers.claim(claimOf(key), claimHeld())) {
            return;
        }
        windows.put(key, new Window(device));
        push(device, message);
        closeLater(key);
    }

    private static String claimOf(String window) {
        return "push-window:" + window;
    }

    /** Past the window's end, in case the node holding it dies (a live holder gives it up or renews it at the end). */
    private Duration claimHeld() {
        return settings.coalesceWindow().multipliedBy(2);
    }

    private void closeLater(String key) {
        worker.schedule(() -> guarded(() -> close(key)), settings.coalesceWindow().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The window's end: what came meanwhile goes out now and opens the next window; else the window is gone. */
    private void close(String key) {
        Window window = windows.get(key);
        if (window == null) {
            return;
        }
        if (window.pending == null || !peers.claim(claimOf(key), claimHeld())) {
            windows.remove(key);
            if (window.pending == null) {
                peers.release(claimOf(key));
            }
            return;
        }
        Message message = window.pending;
        window.pending = null;
        push(window.subscription, message);
        closeLater(key);
    }

    private void push(PushSubscription device, Message message) {
        push(device, message, 1);
    }

    /**
     * The sender's name comes from the recipient's conversation list, which may not have the conversation yet right
     * after it was started: asked again a few times, a moment apart, before the push goes out without a name.
     */
    private void push(PushSubscription device, Message message, int nameLookups) {
        if (!wanted(device, message)) {
            return;
        }
        UserId user = device.userId();
        String senderName = names.of(message.sender(), user);
        if (senderName == null && nameLookups < NAME_LOOKUPS) {
            worker.schedule(() -> guarded(() -> push(device, message, nameLookups + 1)),
                    NAME_LOOKUP_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        // a stranger's words are not put on the lock screen before the user accepted to hear from them
        String preview = message.text() != null && !message.request() && preferences.previews(user)
                ? preview(message.text()) : null;
        PushNotification notification = new PushNotification(message.conversation().value(), message.seq(),
                senderName, preview, Math.max(1, unread.count(user, message.conversation())), settings.ttl(),
                message.request());
        delivery.send(device, notification, () -> wanted(device, message));
    }

    /**
     * Still worth a push: the device has no socket on any node, the user has not read it, the conversation is not
     * muted.
     */
    private boolean wanted(PushSubscription device, Message message) {
        return !onlineHere(device) && !unread.isRead(device.userId(), message.conversation(), message.seq())
                && preferences.mutedUntil(device.userId(), message.conversation()).isEmpty()
                && !peers.deviceOnlineElsewhere(device.userId(), device.deviceId());
    }

    /** An invitation: the device has no socket on any node, the user muted no conversation of that id before. */
    private boolean invitationWanted(PushSubscription device, ConversationId conversation) {
        return !onlineHere(device) && preferences.mutedUntil(device.userId(), conversation).isEmpty()
                && !peers.deviceOnlineElsewhere(device.userId(), device.deviceId());
    }

    private boolean onlineHere(PushSubscription device) {
        return connections.of(device.userId()).stream()
                .anyMatch(connection -> connection.caller().deviceId().equals(device.deviceId()));
    }

    private static String preview(String text) {
        if (text.codePointCount(0, text.length()) <= PREVIEW_CHARACTERS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARACTERS - 1)) + "…";
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException failure) {
            delivery.failed(failure);
        }
    }
}
