package io.parley.query.conversation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.query.EventFeed;
import io.parley.query.projection.ReadModels;
import io.parley.query.feed.FeedAppender;
import io.parley.query.feed.FeedBucket;
import io.parley.query.feed.FeedEntry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each member's sync feed: numbered 1, 2, 3, … in event order, each change once, whoever was a member at the time. */
class SyncFeedProjectionTest {

    private final EventFeed feed = new EventFeed();
    private final ConversationProjector projector = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
    private final ConversationId group = ConversationId.of("g");
    private final UserId alice = UserId.of("alice");
    private final UserId bob = UserId.of("bob");
    private final UserId carol = UserId.of("carol");
    private final Instant at = Instant.parse("2026-03-01T10:00:00Z");

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void membersGetTheChangesOfTheirTimeInEventOrderOnce() {
        feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob), at), at);
        feed.add(message(1, alice), at);
        feed.add(new MembersAdded(group, alice, List.of(carol), at), at);
        feed.add(message(2, bob), at);
        feed.add(new DeliveredUpTo(group, carol, 2, at), at);
        feed.add(new MemberRemoved(group, alice, bob, at), at);
        feed.add(message(3, alice), at);
        feed.add(new ReadUpTo(group, carol, 3, at), at);

        feed.deliverAll(projector, 3);
        List<String> forBob = types(bob);
        List<String> forCarol = types(carol);
        List<String> forAlice = types(alice);

        assertThat(forBob).containsExactly("conversation.joined", "message:1", "members.added", "message:2",
                "delivered:2", "member.removed");
        assertThat(forCarol).containsExactly("conversation.joined", "message:2", "delivered:2", "member.removed",
                "message:3", "read:3");
        assertThat(forAlice).hasSize(8);
        assertThat(head(alice)).isEqualTo(8);

        feed.deliverAll(projector, 2);
        feed.deliver(projector, 4, feed.size(), 100);
        assertThat(types(bob)).isEqualTo(forBob);
        assertThat(types(carol)).isEqualTo(forCarol);
        assertThat(types(alice)).isEqualTo(forAlice);
        assertThat(head(alice)).as("nothing appended twice, no gaps").isEqualTo(8);
    }

    /** The entries as records ({@link FeedEntry}) keep the layout the untyped projection wrote, less its null fields. */
    @Test
    void entriesAreStoredAsTheUntypedProjectionWroteThemAndReadBackAsRecords() {
        Instant later = at.plusNanos(123_456_789);
        feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob), at), at);
        feed.add(new MembersAdded(group, alice, List.of(carol), later), at);
        feed.add(new ReadUpTo(group, carol, 0, later), at);
        feed.deliverAll(projector, 10);

        Document bucket = feed.mongo.getDb().getCollection(ReadModels.SYNC_FEED)
                .find(Filters.eq("_id", FeedAppender.bucketId(bob.value(), 1))).first();
        Date laterMillis = Date.from(later);
        assertThat(bucket).isEqualTo(new Document("_id", "bob:0").append("owner", "bob").append("e", new Document()
                .append("1", new Document("n", 1L).append("position", 0L).append("type", "conversation.joined")
                        .append("conversationId", "g").append("at", Date.from(at)))
                .append("2", new Document("n", 2L).append("position", 1L).append("type", "members.added")
                        .append("conversationId", "g").append("at", laterMillis).append("userIds", List.of("carol"))
                        .append("by", "alice"))
                .append("3", new Document("n", 3L).append("position", 2L).append("type", "read")
                        .append("conversationId", "g").append("at", laterMillis).append("seq", 0L)
                        .append("userId", "carol"))));

        FeedBucket read = feed.mongo.findById("bob:0", FeedBucket.class, ReadModels.SYNC_FEED);
        assertThat(read.e().get("2")).isEqualTo(new FeedEntry(2, 1, "members.added", "g", laterMillis.toInstant(), null,
                null, List.of("carol"), "alice", null, null, null, null, null));
        assertThat(read.e().get("1").userIds()).as("absent stays null, as the wire has it").isNull();
    }

    private MessageSent message(long seq, UserId sender) {
        return new MessageSent(group, MessageId.at(group, seq), seq, sender, "c" + seq, "text " + seq, null, at);
    }

    private List<String> types(UserId user) {
        List<String> types = new ArrayList<>();
        long expected = 1;
        for (Document bucket : feed.mongo.getDb().getCollection(ReadModels.SYNC_FEED)
                .find(Filters.eq("owner", user.value())).sort(Sorts.ascending("_id"))) {
            for (var numbered : bucket.get("e", Document.class).entrySet()) {
                Document entry = (Document) numbered.getValue();
                assertThat(numbered.getKey()).isEqualTo(String.valueOf(expected));
                assertThat(bucket.getString("_id")).isEqualTo(FeedAppender.bucketId(user.value(), expected));
                assertThat(entry.get("n", Number.class).longValue()).isEqualTo(expected++);
                Number seq = entry.get("seq", Number.class);
                types.add(entry.getString("type") + (seq == null ? "" : ":" + seq));
            }
        }
        return types;
    }

    private long head(UserId user) {
        return feed.mongo.getDb().getCollection(ReadModels.SYNC_HEADS).find(Filters.eq("_id", user.value())).first()
                .get("n", Number.class).longValue();
    }
}
