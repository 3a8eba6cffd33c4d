package io.parley.gateway.catchup;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.GetHistory;
import io.parley.api.query.GetMessageChanges;
import io.parley.api.query.MessageChangesPage;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.HistoryPage;
import io.parley.api.query.MessageView;
import io.parley.api.query.Receipts;
import io.parley.gateway.frame.ClientFrame;
import io.parley.gateway.frame.FrameErrors;
import io.parley.gateway.frame.ServerFrame;
import io.parley.gateway.membership.EventStreamProgress;
import io.parley.gateway.membership.Memberships;
import io.parley.gateway.membership.UserConversations;
import io.parley.gateway.connection.DeviceConnection;
import io.parley.gateway.connection.DeviceConnection.ConversationStream;
import io.parley.gateway.connection.FrameWriter;
import io.parley.platform.logs.RequestIds;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code resume}: sends a device every message it missed, per conversation in seq order, then hands over to live
 * delivery with no gap and no duplicate, even while new messages keep arriving. Messages that arrive meanwhile
 * are held by the socket's {@link ConversationStream}; the history (the query side) is read until it reaches
 * the last seq this node's {@link Memberships} view had when the catch-up of the conversation began, waiting for
 * the query side if it lags (even behind the conversation's creation: membership is the view's word, and the view
 * is asked only once it has read every event stored before the resume). Messages held meanwhile are sent as soon
 * as they follow on, without the query side.
 * Conversations the device did not name (new to it) are taken from the view, announced and caught up from the start;
 * current watermarks are sent as receipts.
 * <p>
 * A device that missed more than {@code parley.gateway.max-backlog-per-conversation} messages of a conversation gets
 * a {@link ServerFrame.Gap} naming the ones left out and then only that many, the newest: a long absence does not
 * stream thousands of messages per conversation; the device fetches older history over REST on demand.
 */
@Component
public class CatchUp {

    /** The history could not be read up to date in time; resume again. */
    public static final CloseStatus INCOMPLETE = new CloseStatus(4009, "catch-up incomplete: resume again");

    private static final Logger log = LoggerFactory.getLogger(CatchUp.class);
    private static final int PAGE = 200;

    private final QueryGateway queries;
    private final UserConversations conversations;
    private final Memberships memberships;
    private final EventStreamProgress progress;
    private final FrameWriter frames;
    private final Duration deadline;
    private final ExecutorService workers;
    private final int maxPositions;
    private final long maxBacklog;

    CatchUp(QueryGateway queries, UserConversations conversations, Memberships memberships, EventStreamProgress progress,
            FrameWriter frames,
            @Value("${parley.gateway.catch-up-deadline:20s}") Duration deadline,
            @Value("${parley.gateway.catch-up-threads:4}") int threads,
            @Value("${parley.gateway.max-resume-positions:1000}") int maxPositions,
            @Value("${parley.gateway.max-backlog-per-conversation:200}") long maxBacklog) {
        this.queries = queries;
        this.conversations = conversations;
        this.memberships = memberships;
        this.progress = progress;
        this.frames = frames;
        this.deadline = deadline;
        this.maxPositions = maxPositions;
        this.maxBacklog = maxBacklog;
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "parley-catch-up");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Each named conversation costs look-ups, so a frame names at most {@code max-resume-positions}. The named ones
     * hold their live messages from now on; the others the user is in are taken from the membership view once it
     * has read every event stored before now (so even one created a moment ago is there), announced and caught up
     * from the start. Until then, live messages of conversations not named are held too (on the first resume).
     */
    public void resume(DeviceConnection connection, String frameId, Map<String, Long> positions,
                       Map<String, Long> changes) {
        if (positions.size() > maxPositions || changes.size() > maxPositions) {
            throw ClientFrame.invalid("A resume names at most " + maxPositions + " conversations, not " + positions.size());
        }
        UserId user = connection.caller().userId();
        positions.forEach((conversation, lastSeen) -> connection.stream(conversation).startCatchUp(lastSeen));
        // the queries of the catch-up are logged under the resume frame's request id
        workers.execute(RequestIds.carried(() -> {
            try {
                awaitViewOfWhatIsStoredNow(connection);
                Map<String, Long> from = new HashMap<>(positions);
                for (String conversation : memberships.conversationsOf(user)) {
                    if (!from.containsKey(conversation) && announce(connection, ConversationId.of(conversation))) {
                        from.put(conversation, 0L);
                        connection.stream(conversation).startCatchUp(0);
                    }
                }
                Map<String, Long> targets = new HashMap<>();
                from.keySet().forEach(conversation -> targets.put(conversation,
                        skipBacklog(connection, ConversationId.of(conversation))));
                sendGroupSettings(connection, user);
                connection.resumed();
                from.keySet().forEach(conversation -> catchUpOrSayWhy(connection, ConversationId.of(conversation),
                        targets.get(conversation), changes.get(conversation)));
                connection.send(frames.write(ServerFrame.Ack.of(frameId)));
            } catch (IncompleteException incomplete) {
                log.info("Catch-up for {} incomplete: {}", user, incomplete.getMessage());
                connection.close(INCOMPLETE);
            } catch (RuntimeException failed) {
                // nothing may escape a worker thread unseen: the device resumes again
                log.warn("Catch-up for {} failed: {}", user, failed.toString());
                connection.close(INCOMPLETE);
            }
        }));
    }

    /**
     * A {@code settings} frame per group, from the query side's list (the view keeps no settings): what a device that
     * missed {@code group} frames while away needs; a change after the list was read follows live. Every group, changed
     * or not: the resume names seqs and message changes, neither of which a settings change moves, and the list keeps
     * no settings version to compare with.
     */
    private void sendGroupSettings(DeviceConnection connection, UserId user) {
        for (ConversationSummary summary : conversations.of(user)) {
            if (summary.group() != null) {
                connection.send(frames.write(new ServerFrame.Group("settings", summary.conversationId(), null, null,
                        summary.title(), summary.group().description(), summary.group().onlyAdminsSend(),
                        summary.members().stream().filter(ConversationSummary.Member::admin)
                                .map(ConversationSummary.Member::userId).toList(),
                        summary.group().inviteLink())));
            }
        }
    }

    /** A {@code created} frame for a conversation the device did not name; false when the view no longer has it. */
    private boolean announce(DeviceConnection connection, ConversationId conversation) {
        Memberships.Description description = memberships.describe(conversation);
        List<String> members = memberships.of(conversation).stream().map(UserId::value).sorted().toList();
        if (description == null || members.isEmpty()) {
            return false;
        }
        connection.send(frames.write(new ServerFrame.Conversation("created", conversation.value(),
                description.kind() == null ? null : description.kind().name(), description.title(), members, null,
                null, null)));
        return true;
    }

    /**
     * The seq a conversation's catch-up goes up to: the view's last one now, -1 when the user is not a member. Past
     * the backlog limit, the {@code gap} frame goes out at once, before any query of the catch-up: the device fetches
     * the gap over REST while the newest messages follow on the socket.
     */
    private long skipBacklog(DeviceConnection connection, ConversationId conversation) {
        long target = memberships.lastSeqIfMember(conversation, connection.caller().userId());
        ConversationStream stream = connection.stream(conversation.value());
        long lastSeen = stream.delivered();
        if (target >= 0 && maxBacklog > 0 && target - lastSeen > maxBacklog) {
            long skipTo = target - maxBacklog;
            stream.skipTo(skipTo);
            connection.send(frames.write(new ServerFrame.Gap(conversation.value(), lastSeen + 1, skipTo)));
        }
        return target;
    }

    /** One conversation that cannot be caught up is an error frame of its own; the others go on. */
    private void catchUpOrSayWhy(DeviceConnection connection, ConversationId conversation, long target,
                                 Long lastChange) {
        try {
            catchUp(connection, conversation, target, lastChange);
        } catch (IncompleteException incomplete) {
            throw incomplete;
        } catch (RuntimeException failed) {
            log.info("Catch-up of {} for {} failed: {}", conversation, connection.caller().userId(), failed.toString());
            connection.forget(conversation.value());
            connection.send(frames.write(FrameErrors.of(null, failed)));
        }
    }

    /**
     * Up to {@code target} ({@link #skipBacklog}). {@code lastChange}: the device's last message change (see
     * {@link #catchUpChanges}); null when it names none, and then the change the history it is sent reflects (read
     * before it) closes the catch-up.
     */
    private void catchUp(DeviceConnection connection, ConversationId conversation, long target, Long lastChange) {
        ConversationStream stream = connection.stream(conversation.value());
        UserId user = connection.caller().userId();
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        if (target < 0) {
            connection.forget(conversation.value());
            connection.send(frames.write(FrameErrors.of(null, Rejection.NOT_A_MEMBER,
                    "Not a member of conversation " + conversation)));
            return;
        }
        MessageChangesPage before = lastChange != null ? null
                : changesAfter(connection, conversation, Long.MAX_VALUE, giveUpAt);
        while (true) {
            // what arrived live since the catch-up began needs no read model
            stream.deliverHeldInOrder(connection::send);
            if (stream.delivered() >= target && stream.finishCatchUp(connection::send) < 0) {
                break;
            }
            HistoryPage page = fromReadModel(connection, conversation, giveUpAt, () -> queries.query(
                    new GetHistory(conversation, user, null, stream.delivered(), PAGE),
                    ResponseTypes.instanceOf(HistoryPage.class)).join());
            for (MessageView message : page.messages()) {
                stream.deliverFromHistory(message.seq(), frames.write(frameOf(message)), connection::send);
            }
            if (page.messages().isEmpty()) {
                giveUpOrPause(giveUpAt, connection, "history of " + conversation + " did not reach seq " + target);
            }
        }
        if (target > 0) {
            // with no message yet, every watermark is 0: nothing to tell, nothing to ask the read model
            sendReceipts(connection, conversation, user, giveUpAt);
        }
        if (before != null) {
            connection.send(frames.write(new ServerFrame.Changes(conversation.value(), before.upToChange(), List.of())));
        } else {
            catchUpChanges(connection, conversation, lastChange, giveUpAt);
        }
    }

    /**
     * The messages reacted to, edited or deleted after the device's last change, as they are now, in {@code changes}
     * frames of up to {@link #PAGE} changes; the last frame's {@code upToChange} is where to resume from next time.
     */
    private void catchUpChanges(DeviceConnection connection, ConversationId conversation, long lastChange,
                                long giveUpAt) {
        long after = lastChange;
        while (true) {
            MessageChangesPage page = changesAfter(connection, conversation, after, giveUpAt);
            connection.send(frames.write(new ServerFrame.Changes(conversation.value(), page.upToChange(),
                    page.messages())));
            if (!page.hasMore()) {
                return;
            }
            after = page.upToChange();
        }
    }

    private MessageChangesPage changesAfter(DeviceConnection connection, ConversationId conversation, long after,
                                            long giveUpAt) {
        return fromReadModel(connection, conversation, giveUpAt, () -> queries.query(
                new GetMessageChanges(conversation, connection.caller().userId(), after, PAGE),
                ResponseTypes.instanceOf(MessageChangesPage.class)).join());
    }

    /**
     * Waits until the membership view has read every event stored before now: its members and last seqs then
     * cover everything the device could have missed (even a conversation created a moment ago, or a view still
     * rebuilding after a start), and what is stored later reaches the socket live.
     */
    private void awaitViewOfWhatIsStoredNow(DeviceConnection connection) {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        long head = progress.head();
        while (!progress.reached(head)) {
            giveUpOrPause(giveUpAt, connection, "the membership view did not reach the event stream's head " + head);
        }
    }

    /**
     * Asks the read model about a conversation the write model says the user is in. The read model may not have
     * reached the event that created the conversation (or added the user) yet: it answers "no conversation" or "not
     * a member" until it does, so that answer means wait, up to the deadline, unless the view says the user has
     * left meanwhile.
     */
    private <T> T fromReadModel(DeviceConnection connection, ConversationId conversation, long giveUpAt,
                                Supplier<T> query) {
        UserId user = connection.caller().userId();
        while (true) {
            try {
                return query.get();
            } catch (RuntimeException failed) {
                Rejection rejection = RejectedException.from(failed).map(RejectedException::rejection).orElse(null);
                if (rejection != Rejection.CONVERSATION_NOT_FOUND && rejection != Rejection.NOT_A_MEMBER) {
                    throw failed;
                }
                if (!memberships.isMember(conversation, user)) {
                    throw Rejection.NOT_A_MEMBER.exception("Not a member of conversation " + conversation);
                }
                giveUpOrPause(giveUpAt, connection, "the read model did not reach conversation " + conversation);
            }
        }
    }

    private void sendReceipts(DeviceConnection connection, ConversationId conversation, UserId user, long giveUpAt) {
        Receipts receipts = fromReadModel(connection, conversation, giveUpAt, () -> queries.query(
                new GetReceipts(conversation, user), ResponseTypes.instanceOf(Receipts.class)).join());
        for (Receipts.Receipt receipt : receipts.members()) {
            connection.send(frames.write(new ServerFrame.Receipt(conversation.value(), receipt.userId(),
                    receipt.deliveredUpTo(), receipt.readUpTo())));
        }
    }

    private static void giveUpOrPause(long giveUpAt, DeviceConnection connection, String why) {
        if (System.nanoTime() > giveUpAt || !connection.isOpen()) {
            throw new IncompleteException(why);
        }
        pause();
    }

    private static ServerFrame.Message frameOf(MessageView message) {
        return ServerFrame.Message.of(message);
    }

    /** The query side lags behind what is stored; give it a moment. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IncompleteException("interrupted");
        }
    }

    private static final class IncompleteException extends RuntimeException {
        IncompleteException(String message) {
            super(message);
        }
    }
}
