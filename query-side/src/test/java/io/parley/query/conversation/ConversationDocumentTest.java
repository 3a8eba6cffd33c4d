package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.api.conversation.GroupDescribed;
import io.parley.api.conversation.InviteLinkCreated;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.OnlyAdminsSendChanged;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.ListConversations;
import io.parley.api.query.ListMemberships;
import io.parley.api.query.MembershipsPage;
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
 * The conversations read model as a record keeps the layout the untyped projection wrote (less its null fields): no
 * layout version, no replay, and a document written before is read and changed as one written now.
 */
class ConversationDocumentTest {

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
    void aProjectedGroupIsStoredWithTheFieldsAndTypesTheUntypedProjectionWrote() {
        feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob), at), at);
        feed.add(new MessageSent(group, MessageId.at(group, 1), 1, alice, "c1", "first", null, at.plusSeconds(1)), at);
        feed.add(new MessageEdited(group, 1, alice, "edited", 1, at.plusSeconds(2)), at);
        feed.add(new GroupDescribed(group, alice, "about", at), at);
        feed.add(new OnlyAdminsSendChanged(group, alice, true, at), at);
        feed.add(new InviteLinkCreated(group, alice, "hash", at), at);
        feed.deliverAll(conversations, 10);
        feed.deliverAll(groups, 10);

        Document stored = feed.mongo.getDb().getCollection(ReadModels.CONVERSATIONS).find().first();

        Date sentAt = Date.from(at.plusSeconds(1));
        assertThat(stored).isEqualTo(new Document("_id", "g").append("kind", "GROUP").append("title", "G")
                .append("members", List.of("alice", "bob")).append("admins", List.of("alice"))
                .append("createdAt", atMillis).append("lastActivityAt", sentAt)
                .append("lastSeq", 1L)
                .append("lastMessage", new Document("senderId", "alice").append("text", "edited").append("seq", 1L)
                        .append("sentAt", sentAt))
                .append("lastChange", 1L).append("description", "about").append("onlyAdminsSend", true)
                .append("inviteLink", new Document("createdBy", "alice").append("createdAt", atMillis)));
    }

    /** The list's order keys and the gateway's membership pages read only some fields, into records of their own. */
    @Test
    void theListAndTheMembershipPagesReadTheirFieldsOfTheDocuments() {
        ConversationId direct = ConversationId.of("d");
        feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob), at), at);
        feed.add(new DirectConversationStarted(direct, bob, List.of(bob, alice), at), at);
        feed.add(new MessageRequestOpened(direct, alice, bob, at), at);
        feed.add(new MessageSent(direct, MessageId.at(direct, 1), 1, bob, "c1", "hello", null, at.plusSeconds(1)), at);
        feed.deliverAll(conversations, 10);
        feed.deliverAll(new MessageRequestProjector(feed.mongo, new SimpleMeterRegistry()), 10);

        ConversationList list = new ConversationListing(feed.mongo, new ConversationReads(feed.mongo))
                .page(new ListConversations(alice, null, 10));
        MembershipsPage memberships = new MembershipQueries(feed.mongo).handle(new ListMemberships(null, 10));

        assertThat(list.conversations()).extracting(ConversationSummary::conversationId).containsExactly("d", "g");
        assertThat(list.conversations().get(0).request()).isTrue();
        assertThat(memberships.conversations()).containsExactly(
                new MembershipsPage.ConversationMembers("d", ConversationKind.DIRECT, null, List.of("bob", "alice"), 1,
                        "alice"),
                new MembershipsPage.ConversationMembers("g", ConversationKind.GROUP, "G", List.of("alice", "bob"), 0,
                        null));
    }

    @Test
    void aDocumentTheUntypedProjectionWroteIsReadAndChangedAsOneWrittenNow() {
        feed.mongo.getDb().getCollection(ReadModels.CONVERSATIONS).insertOne(new Document("_id", "d")
                .append("kind", "DIRECT").append("title", null).append("members", List.of("alice", "bob"))
                .append("admins", List.of()).append("createdAt", atMillis).append("lastActivityAt", atMillis)
                .append("lastSeq", 2L)
                .append("lastMessage", new Document("senderId", "bob").append("text", null).append("mediaType", "image/png")
                        .append("seq", 2L).append("sentAt", atMillis))
                .append("requestTo", "alice").append("requestDeclined", false));

        ConversationDocument read = feed.mongo.findById("d", ConversationDocument.class, ReadModels.CONVERSATIONS);

        assertThat(read).isEqualTo(new ConversationDocument("d", ConversationKind.DIRECT, null, List.of("alice", "bob"),
                List.of(), atMillis.toInstant(), atMillis.toInstant(), 2,
                new ConversationDocument.LastMessage("bob", null, "image/png", 2, atMillis.toInstant(), null),
                null, null, null, null, "alice", false, null));
        assertThat(read.isRequestTo("alice")).isTrue();
        assertThat(read.changes()).isZero();

        ConversationId direct = ConversationId.of("d");
        feed.add(new MessageSent(direct, MessageId.at(direct, 3), 3, bob, "c3", "hi", null, at.plusSeconds(5)), at);
        feed.deliverAll(conversations, 10);

        ConversationDocument changed = feed.mongo.findById("d", ConversationDocument.class, ReadModels.CONVERSATIONS);
        assertThat(changed.lastSeq()).isEqualTo(3);
        assertThat(changed.lastMessage().text()).isEqualTo("hi");
        assertThat(changed.lastActivityAt()).isEqualTo(Date.from(at.plusSeconds(5)).toInstant());
        assertThat(changed.requestTo()).isEqualTo("alice");
        assertThat(feed.mongo.getDb().getCollection(ReadModels.CONVERSATIONS).find().first())
                .as("no type hint").doesNotContainKey("_class");
    }
}
