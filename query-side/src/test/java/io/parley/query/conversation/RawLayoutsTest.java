package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.query.ListMemberships;
import io.parley.api.query.MembershipsPage;
import io.parley.api.query.SystemLine;
import io.parley.query.EventFeed;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * System lines, blocks and the stream position as records keep the layout the untyped projection wrote (less its null
 * fields): no layout version, no replay, and a document written before is read as one written now.
 */
class RawLayoutsTest {

    private final EventFeed feed = new EventFeed();
    private final ConversationProjector conversations = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
    private final GroupProjector groups = new GroupProjector(feed.mongo, new SimpleMeterRegistry());
    private final ConversationId group = ConversationId.of("g");
    private final UserId alice = UserId.of("alice");
    private final UserId bob = UserId.of("bob");
    private final Instant at = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private final Date atMillis = Date.from(Instant.parse("2026-03-01T10:00:00.123Z"));

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void systemLinesAreStoredWithTheFieldsAndTypesTheUntypedProjectionWrote() {
        feed.add(new GroupCreated(group, "G", alice, List.of(alice), at), at);
        feed.add(new MembersAdded(group, alice, List.of(bob), at), at);
        feed.add(new AdminAppointed(group, bob, at), at);
        feed.deliverAll(conversations, 10);
        feed.deliverAll(groups, 10);

        Document stored = feed.mongo.getDb().getCollection(ReadModels.SYSTEM_LINES).find().first();

        assertThat(stored).isEqualTo(new Document("_id", "g:0").append("conversationId", "g").append("l", new Document()
                .append("0", new Document("type", "group.created").append("afterSeq", 0L).append("position", 0L)
                        .append("by", "alice").append("at", atMillis).append("title", "G"))
                .append("1", new Document("type", "members.added").append("afterSeq", 0L).append("position", 1L)
                        .append("by", "alice").append("at", atMillis).append("userIds", List.of("bob")))
                .append("2", new Document("type", "admin.appointed").append("afterSeq", 0L).append("position", 2L)
                        .append("at", atMillis).append("userIds", List.of("bob")))));
    }

    @Test
    void systemLinesTheUntypedProjectionWroteAreReadAsOnesWrittenNow() {
        feed.mongo.getDb().getCollection(ReadModels.SYSTEM_LINES).insertMany(List.of(
                new Document("_id", "g:0").append("conversationId", "g").append("l", new Document()
                        .append("7", new Document("type", "admin.appointed").append("afterSeq", 3L)
                                .append("position", 7L).append("by", null).append("at", atMillis)
                                .append("userIds", List.of("bob")))
                        .append("5", new Document("type", "sendPolicy.changed").append("afterSeq", 2)
                                .append("position", 5).append("by", "alice").append("at", atMillis)
                                .append("onlyAdminsSend", true))),
                new Document("_id", "g:1").append("conversationId", "g").append("l", new Document()
                        .append("9", new Document("type", "group.described").append("afterSeq", 64L)
                                .append("position", 9L).append("by", "alice").append("at", atMillis)
                                .append("description", "about")))));

        List<SystemLine> lines = new GroupReads(feed.mongo).lines("g", 2, 64);

        Instant time = atMillis.toInstant();
        assertThat(lines).containsExactly(
                new SystemLine("sendPolicy.changed", 2, 5, "alice", null, null, null, true, time),
                new SystemLine("admin.appointed", 3, 7, null, List.of("bob"), null, null, null, time),
                new SystemLine("group.described", 64, 9, "alice", null, null, "about", null, time));
        assertThat(new GroupReads(feed.mongo).lines("g", 3, 3)).extracting(SystemLine::position).containsExactly(7L);
    }

    @Test
    void blocksAndTheStreamPositionAreStoredAndReadInTheUntypedLayout() {
        feed.add(new UserBlocked(ConversationId.of("d"), alice, bob, at), at);
        feed.deliverAll(new BlockProjector(feed.mongo), 10);
        feed.add(new GroupCreated(group, "G", alice, List.of(alice), at), at);
        feed.deliverAll(conversations, 10);

        assertThat(feed.mongo.getDb().getCollection(ReadModels.BLOCKS).find().first())
                .isEqualTo(new Document("_id", "alice:bob").append("blocker", "alice").append("blocked", "bob"));
        assertThat(feed.mongo.getDb().getCollection(ReadModels.STREAM_POSITION).find().first())
                .isEqualTo(new Document("_id", "conversations").append("position", 1L));

        feed.mongo.getDb().getCollection(ReadModels.BLOCKS).insertOne(new Document("_id", "carol:alice")
                .append("blocker", "carol").append("blocked", "alice"));
        feed.mongo.getDb().getCollection(ReadModels.STREAM_POSITION).replaceOne(new Document("_id", "conversations"),
                new Document("_id", "conversations").append("position", 41));
        MembershipsPage page = new MembershipQueries(feed.mongo).handle(new ListMemberships(null, 10));

        assertThat(page.coveredPosition()).isEqualTo(41);
        assertThat(page.blocks()).containsExactlyInAnyOrder(new MembershipsPage.Block("alice", "bob"),
                new MembershipsPage.Block("carol", "alice"));
        assertThat(new WithheldPresence(feed.mongo).between(alice, UserId.of("carol"))).isTrue();
    }

    @Test
    void withoutAStreamPositionNothingIsCovered() {
        assertThat(new MembershipQueries(feed.mongo).handle(new ListMemberships(null, 10)).coveredPosition())
                .isEqualTo(-1);
    }
}
