package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.query.ConversationSummary;
import io.parley.query.EventFeed;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unread counts ({@code lastSeq - read - ownAboveRead}, with the own seqs in {@link OwnSeqs} bitmaps) against a model
 * of what they must be, on a real mongo-java-server: the messages above the member's read watermark, less their own
 * since they last joined.
 */
class UnreadCountTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final UserId alice = UserId.of("alice-id");
    private final UserId bob = UserId.of("bob-id");
    private final UserId carol = UserId.of("carol-id");
    private final ConversationId group = ConversationId.of("group-1");

    private final List<Object> events = new ArrayList<>();
    private final Expected expected = new Expected();
    private final List<EventFeed> feeds = new ArrayList<>();

    @AfterEach
    void stop() {
        feeds.forEach(EventFeed::close);
    }

    @Test
    void aSenderWhoNeverReadsKeepsASmallMemberDocumentAndExactCounts() {
        Random random = new Random(3);
        start(alice, bob);
        for (int i = 0; i < 3000; i++) {
            send(i % 50 == 0 ? bob : alice);
            if (random.nextInt(40) == 0) {
                read(bob, 1 + random.nextInt(expected.lastSeq()));
            }
        }
        Fixture fixture = deliver(250);

        fixture.assertUnread(expected, alice, bob);
        assertThat(fixture.unread(alice)).as("bob's 60 messages").isEqualTo(60);
        Document member = fixture.member(alice);
        assertThat(member.get("ownAboveRead")).isEqualTo(2940L);
        assertThat(new RawBsonDocument(member, new DocumentCodec()).getByteBuffer().remaining()).isLessThan(200);
        assertThat(fixture.ownSeqIds(alice)).containsExactly("group-1:alice-id:0", "group-1:alice-id:1",
                "group-1:alice-id:2");
    }

    @Test
    void readingUpAcrossSeveralBucketsLeavesOutEveryOwnMessagePassed() {
        start(alice, bob);
        for (int i = 0; i < 5000; i++) {
            send(i % 7 == 0 ? bob : alice);
        }
        read(bob, 700);
        read(bob, 4321);
        Fixture fixture = deliver(100);
        fixture.assertUnread(expected, alice, bob);
        assertThat(fixture.member(bob).get("ownAboveRead")).as("bob's seqs above 4321").isEqualTo(97L);

        read(bob, 5000);
        fixture.deliverNew(1000);
        fixture.assertUnread(expected, alice, bob);
        assertThat(fixture.unread(bob)).isZero();
        assertThat(fixture.member(bob).get("ownAboveRead")).isEqualTo(0L);
    }

    @Test
    void aReaderBetweenTheWritesOfABatchSeesTheCountBeforeItOrNoMoreThanAfterIt() {
        start(alice, bob, carol);
        List<UserId> everyone = List.of(alice, bob, carol);
        Fixture fixture = deliver(100);
        AtomicInteger checks = new AtomicInteger();
        Random random = new Random(11);
        for (int batch = 0; batch < 30; batch++) {
            Map<UserId, Long> before = expected.unread(everyone);
            if (batch == 0) {
                // alice's own three are not unread to her, not even while bob's message is being written
                send(alice);
                send(alice);
                send(alice);
                send(bob);
            }
            for (int i = 0; i < 8; i++) {
                UserId who = everyone.get(random.nextInt(3));
                if (random.nextInt(4) == 0) {
                    read(who, expected.read(who) + random.nextInt(expected.lastSeq() - expected.read(who) + 1));
                } else {
                    send(who);
                }
            }
            Map<UserId, Long> after = expected.unread(everyone);
            fixture.feed.afterEachWrite(() -> {
                checks.incrementAndGet();
                for (UserId user : everyone) {
                    assertThat(fixture.unread(user)).as("unread of %s, %s before the batch and %s after",
                                    user.value(), before.get(user), after.get(user))
                            .matches(unread -> unread.equals(before.get(user)) || unread <= after.get(user),
                                    "the count before the batch, or no more than after it");
                }
            });
            fixture.deliverNew(100);
            fixture.assertUnread(expected, alice, bob, carol);
        }

        assertThat(checks.get()).as("checks between writes").isGreaterThan(30 * 3);
        assertThat(fixture.feed.afterEachWriteFailures()).isEmpty();
    }

    @Test
    void afterRejoiningOnlyOwnMessagesOfTheNewMembershipAreLeftOut() {
        start(alice, bob, carol);
        for (int i = 0; i < 30; i++) {
            send(i % 3 == 0 ? carol : alice);
        }
        read(carol, 12);
        leave(carol);
        send(alice);
        join(carol);
        send(carol);
        send(bob);
        send(carol);
        Fixture fixture = deliver(4);
        fixture.assertUnread(expected, alice, bob, carol);
        assertThat(fixture.unread(carol)).as("all 31 before she rejoined, and bob's").isEqualTo(32);
        assertThat(fixture.member(carol).get("ownSince")).isEqualTo(31L);

        read(carol, 20);
        read(carol, 33);
        fixture.deliverNew(1);
        fixture.assertUnread(expected, alice, bob, carol);
        assertThat(fixture.unread(carol)).as("her message 34").isZero();
        assertThat(fixture.member(carol).get("ownAboveRead")).isEqualTo(1L);
    }

    @Test
    void handlingEachBatchTwiceLeavesTheSameDocuments() {
        busyHistory(new Random(5));
        Fixture once = deliver(100);
        Fixture twice = fixture();
        for (int start = 0; start < events.size(); start += 100) {
            int end = Math.min(events.size(), start + 100);
            twice.feed.deliver(twice.projector, start, start + (end - start) / 2, 100);
            twice.feed.deliver(twice.projector, start, end, 100);
            twice.feed.deliver(twice.projector, start, end, 100);
        }

        assertThat(twice.dump()).isEqualTo(once.dump());
        once.assertUnread(expected, alice, bob, carol);
    }

    @Test
    void aBatchWrittenUpToItsMemberDocumentsIsHandledAgainToTheSameDocuments() {
        busyHistory(new Random(9));
        Fixture once = deliver(100);
        Fixture retried = fixture();
        List<String> writtenAfterMembers = ReadModels.OF_CONVERSATIONS.subList(
                ReadModels.OF_CONVERSATIONS.indexOf(ReadModels.MEMBERS) + 1, ReadModels.OF_CONVERSATIONS.size());
        for (int start = 0; start < events.size(); start += 100) {
            int end = Math.min(events.size(), start + 100);
            Map<String, List<Document>> before = new HashMap<>();
            writtenAfterMembers.forEach(collection -> before.put(collection, retried.all(collection)));
            retried.feed.deliver(retried.projector, start, end, 100);
            // the batch's own seqs and member documents were written, what comes after them not: it is handled again
            before.forEach(retried::replaceAll);
            retried.feed.deliver(retried.projector, start, end, 100);
        }

        assertThat(retried.dump()).isEqualTo(once.dump());
    }

    /** Alice, bob and carol in a group: messages, reads (some far), carol leaving and rejoining. */
    private void busyHistory(Random random) {
        start(alice, bob, carol);
        List<UserId> everyone = List.of(alice, bob, carol);
        for (int i = 0; i < 4000; i++) {
            List<UserId> in = everyone.stream().filter(expected::isMember).toList();
            UserId who = in.get(random.nextInt(in.size()));
            int kind = random.nextInt(100);
            if (kind < 85) {
                send(who);
            } else if (kind < 99) {
                read(who, expected.read(who) + random.nextInt(expected.lastSeq() - expected.read(who) + 1));
            } else if (expected.isMember(carol)) {
                leave(carol);
            } else {
                join(carol);
            }
        }
    }

    private void start(UserId... users) {
        for (UserId user : users) {
            String name = user.value().replace("-id", "");
            events.add(new AccountRegistered(user, Username.of(name), name.toUpperCase(), "$2a$secret", T0));
        }
        events.add(new GroupCreated(group, "Weekend", users[0], List.of(users), T0));
        List.of(users).forEach(expected::join);
    }

    private void send(UserId sender) {
        long seq = expected.sent(sender);
        events.add(new MessageSent(group, MessageId.at(group, seq), seq, sender, "c-" + seq, "message " + seq, null, T0));
    }

    private void read(UserId user, long seq) {
        events.add(new ReadUpTo(group, user, seq, T0));
        expected.read(user, seq);
    }

    private void leave(UserId user) {
        events.add(new MemberRemoved(group, user, user, T0));
        expected.leave(user);
    }

    private void join(UserId user) {
        events.add(new MembersAdded(group, alice, List.of(user), T0));
        expected.join(user);
    }

    /** A fixture that has handled the events so far, in batches of this size. */
    private Fixture deliver(int batchSize) {
        Fixture fixture = fixture();
        fixture.feed.deliverAll(fixture.projector, batchSize);
        return fixture;
    }

    /** A fixture with the events so far in its feed, none handled yet. */
    private Fixture fixture() {
        Fixture fixture = new Fixture(new EventFeed());
        feeds.add(fixture.feed);
        fixture.addNew();
        return fixture;
    }

    /** The projector on its own mongo-java-server, and a feed of the test's events (each a second apart). */
    private final class Fixture {

        final EventFeed feed;
        final ConversationProjector projector;
        final ConversationReads reads;

        Fixture(EventFeed feed) {
            this.feed = feed;
            this.projector = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
            this.reads = new ConversationReads(feed.mongo);
        }

        /** Adds the events not in the feed yet. */
        int addNew() {
            int from = feed.size();
            for (int i = from; i < events.size(); i++) {
                feed.add(events.get(i), T0.plusSeconds(i));
            }
            return from;
        }

        /** Adds the events not in the feed yet and handles them. */
        void deliverNew(int batchSize) {
            feed.deliver(projector, addNew(), events.size(), batchSize);
        }

        long unread(UserId user) {
            List<ConversationSummary> summaries = reads.all(user);
            assertThat(summaries).hasSize(1);
            return summaries.get(0).unreadCount();
        }

        void assertUnread(Expected expected, UserId... users) {
            for (UserId user : users) {
                assertThat(unread(user)).as("unread of %s", user.value()).isEqualTo(expected.unread(user));
            }
        }

        Document member(UserId user) {
            return collection(ReadModels.MEMBERS).find(new Document("_id", ReadModels.key(group.value(), user.value())))
                    .first();
        }

        List<String> ownSeqIds(UserId user) {
            return all(ReadModels.OWN_SEQS).stream().map(doc -> doc.getString("_id"))
                    .filter(id -> id.startsWith(ReadModels.key(group.value(), user.value()) + ":")).sorted().toList();
        }

        List<Document> all(String collection) {
            return collection(collection).find().into(new ArrayList<>());
        }

        void replaceAll(String collection, List<Document> documents) {
            collection(collection).deleteMany(new Document());
            if (!documents.isEmpty()) {
                collection(collection).insertMany(documents);
            }
        }

        Map<String, List<String>> dump() {
            return feed.dump(ReadModels.OF_CONVERSATIONS);
        }

        private com.mongodb.client.MongoCollection<Document> collection(String name) {
            return feed.mongo.getDb().getCollection(name);
        }
    }

    /** The unread counts the read model must give, from the events: a member's own messages since joining are read. */
    private static final class Expected {

        private final List<String> senders = new ArrayList<>();
        /** By member: read watermark and the last seq when they joined. */
        private final Map<String, long[]> members = new HashMap<>();

        int lastSeq() {
            return senders.size();
        }

        long sent(UserId sender) {
            senders.add(sender.value());
            return senders.size();
        }

        void join(UserId user) {
            members.put(user.value(), new long[]{0, senders.size()});
        }

        void leave(UserId user) {
            members.remove(user.value());
        }

        boolean isMember(UserId user) {
            return members.containsKey(user.value());
        }

        int read(UserId user) {
            return (int) members.get(user.value())[0];
        }

        void read(UserId user, long seq) {
            long[] member = members.get(user.value());
            member[0] = Math.max(member[0], seq);
        }

        Map<UserId, Long> unread(List<UserId> users) {
            Map<UserId, Long> unread = new HashMap<>();
            users.forEach(user -> unread.put(user, unread(user)));
            return unread;
        }

        long unread(UserId user) {
            long[] member = members.get(user.value());
            long unread = 0;
            for (int seq = (int) member[0] + 1; seq <= senders.size(); seq++) {
                boolean ownSinceJoining = senders.get(seq - 1).equals(user.value()) && seq > member[1];
                unread += ownSinceJoining ? 0 : 1;
            }
            return unread;
        }
    }
}
