package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageHidden;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.Quote;
import io.parley.api.conversation.ReactionRemoved;
import io.parley.api.conversation.ReactionSet;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.query.EventFeed;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies, reactions, edits and deletions in the conversations projection, against a real mongo-java-server. */
class MessageActionsProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ConversationId GROUP = ConversationId.of("group-1");

    private EventFeed feed;
    private ConversationProjector projector;
    private int clock;
    private long lastSeq;
    private long lastChange;

    @BeforeEach
    void start() {
        feed = new EventFeed();
        projector = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void aGroupOf256ReactingToOneMessageNeverRewritesItsMessageBucket() {
        List<UserId> members = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            members.add(UserId.of("user-" + i));
        }
        add(new GroupCreated(GROUP, "Big", members.get(0), members, now()));
        send(members.get(0), "a long message ".repeat(100), null);
        feed.deliverAll(projector, 10);
        int messageWrites = feed.writesTo(ReadModels.MESSAGES);
        int from = feed.size();
        members.forEach(member -> add(new ReactionSet(GROUP, 1, member, member.value().endsWith("7") ? "😂" : "👍",
                null, ++lastChange, now())));

        feed.deliver(projector, from, feed.size(), 1);

        assertThat(feed.writesTo(ReadModels.MESSAGES)).as("writes to message buckets").isEqualTo(messageWrites);
        Document reactions = feed.mongo.getDb().getCollection(ReadModels.REACTIONS).find().first();
        assertThat(reactions.get("by", Document.class)).hasSize(256);
    }

    @Test
    void aDeletionTakesTextMediaEditsAndReactionsOutOfTheReadModels() {
        UserId alice = UserId.of("alice");
        UserId bob = UserId.of("bob");
        add(new GroupCreated(GROUP, "Team", alice, List.of(alice, bob), now()));
        send(alice, "secret plans", new MediaAttachment(MediaId.of("media-1"), "image", "image/png", 10, "abc", true));
        add(new MessageEdited(GROUP, 1, alice, "more secret plans", ++lastChange, now()));
        add(new ReactionSet(GROUP, 1, bob, "👍", null, ++lastChange, now()));
        add(new MessageDeleted(GROUP, 1, alice, ++lastChange, now()));

        feed.deliverAll(projector, 2);

        String everything = feed.dump(ReadModels.OF_CONVERSATIONS).toString();
        assertThat(everything).doesNotContain("secret plans", "media-1", "👍");
        assertThat(everything).contains("\"deleted\": true");
    }

    @Test
    void deliveringActionsAgainInAnyBatchesLeavesTheSameReadModel() {
        busyHistoryWithActions(new Random(3), 300);
        feed.deliverAll(projector, 7);
        Map<String, List<String>> once = feed.dump(ReadModels.OF_CONVERSATIONS);

        feed.deliverAll(projector, 5);
        feed.deliver(projector, feed.size() / 3, feed.size(), 11);

        assertThat(feed.dump(ReadModels.OF_CONVERSATIONS)).isEqualTo(once);
    }

    @Test
    void aReplayFromScratchBuildsTheSameReadModelAsLiveBatches() {
        busyHistoryWithActions(new Random(5), 300);
        for (int i = 0; i < feed.size(); i += 13) {
            feed.deliver(projector, i, Math.min(feed.size(), i + 13), 4);
        }
        Map<String, List<String>> live = feed.dump(ReadModels.OF_CONVERSATIONS);

        projector.reset();
        feed.deliverAll(projector, 1000);

        assertThat(feed.dump(ReadModels.OF_CONVERSATIONS)).isEqualTo(live);
    }

    /** Messages, replies, reactions, edits, deletions and hides in random order, as the aggregate would allow them. */
    private void busyHistoryWithActions(Random random, int steps) {
        List<UserId> members = List.of(UserId.of("alice"), UserId.of("bob"), UserId.of("carol"));
        add(new GroupCreated(GROUP, "Team", members.get(0), members, now()));
        List<UserId> senders = new ArrayList<>();
        List<Long> deleted = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            UserId who = members.get(random.nextInt(members.size()));
            int kind = random.nextInt(10);
            long seq = lastSeq == 0 ? 0 : 1 + random.nextInt((int) lastSeq);
            if (kind < 3 || seq == 0) {
                UserId quoted = seq == 0 ? null : senders.get((int) seq - 1);
                send(who, "message " + i, seq == 0 ? null : Quote.of(seq, quoted.value(), "q", null),
                        quoted == null || quoted.equals(who) ? null : List.of(quoted));
                senders.add(who);
            } else if (deleted.contains(seq)) {
                add(new MessageHidden(GROUP, seq, who, now()));
            } else if (kind < 6) {
                add(new ReactionSet(GROUP, seq, who, random.nextBoolean() ? "👍" : "❤️", null, ++lastChange, now()));
            } else if (kind < 7) {
                add(new ReactionRemoved(GROUP, seq, who, null, ++lastChange, now()));
            } else if (kind < 9) {
                add(new MessageEdited(GROUP, seq, senders.get((int) seq - 1), "edit " + i, ++lastChange, now()));
            } else {
                add(new MessageDeleted(GROUP, seq, senders.get((int) seq - 1), ++lastChange, now()));
                deleted.add(seq);
            }
        }
    }

    private void send(UserId sender, String text, Object replyOrMedia) {
        send(sender, text, replyOrMedia, null);
    }

    private void send(UserId sender, String text, Object replyOrMedia, List<UserId> mentions) {
        long seq = ++lastSeq;
        add(new MessageSent(GROUP, MessageId.at(GROUP, seq), seq, sender, "c-" + seq, text,
                replyOrMedia instanceof MediaAttachment media ? media : null, now(),
                replyOrMedia instanceof Quote quote ? quote : null, mentions));
    }

    private void add(Object event) {
        feed.add(event, now());
    }

    private Instant now() {
        return T0.plusSeconds(clock++);
    }
}
