package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.Receipts;
import io.parley.query.EventFeed;
import io.parley.query.projection.ReadModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The conversations projection against a real mongo-java-server, fed batches as a tracking processor would. */
class ConversationProjectorTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final UserId alice = UserId.of("alice-id");
    private final UserId bob = UserId.of("bob-id");
    private final UserId carol = UserId.of("carol-id");
    private final ConversationId group = ConversationId.of("group-1");

    private EventFeed feed;
    private ConversationProjector projector;
    private ConversationReads reads;
    private final Map<String, Long> lastSeq = new HashMap<>();
    private int clock;

    @BeforeEach
    void start() {
        feed = new EventFeed();
        projector = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
        reads = new ConversationReads(feed.mongo);
        for (UserId user : List.of(alice, bob, carol)) {
            add(new AccountRegistered(user, Username.of(user.value().replace("-id", "")),
                    user.value().replace("-id", "").toUpperCase(), "$2a$secret", now()));
        }
    }

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void unreadCountsOnlyOthersMessagesAboveTheReadWatermark() {
        add(new GroupCreated(group, "Weekend", alice, List.of(alice, bob), now()));
        send(group, alice, "one");
        send(group, alice, "two");
        send(group, bob, "three");
        send(group, alice, "four");
        add(new ReadUpTo(group, bob, 2, now()));
        feed.deliverAll(projector, 3);

        ConversationSummary forAlice = only(reads.all(alice));
        assertThat(forAlice.lastSeq()).isEqualTo(4);
        assertThat(forAlice.unreadCount()).as("bob's message 3").isEqualTo(1);
        assertThat(forAlice.lastMessage().seq()).isEqualTo(4);
        assertThat(forAlice.lastMessage().text()).isEqualTo("four");
        assertThat(forAlice.title()).isEqualTo("Weekend");
        assertThat(forAlice.members()).extracting(ConversationSummary.Member::displayName).containsExactly("ALICE", "BOB");
        assertThat(forAlice.members()).extracting(ConversationSummary.Member::admin).containsExactly(true, false);
        ConversationSummary forBob = only(reads.all(bob));
        assertThat(forBob.readUpTo()).isEqualTo(2);
        assertThat(forBob.deliveredUpTo()).as("read implies delivered").isEqualTo(2);
        assertThat(forBob.unreadCount()).as("alice's message 4; his own 3 is not unread").isEqualTo(1);

        int before = feed.size();
        add(new ReadUpTo(group, alice, 4, now()));
        add(new DeliveredUpTo(group, bob, 4, now()));
        feed.deliver(projector, before, feed.size(), 10);
        assertThat(only(reads.all(alice)).unreadCount()).isZero();
        Receipts receipts = new ConversationQueries(reads, new ConversationListing(feed.mongo, reads)).handle(new GetReceipts(group, alice));
        assertThat(receipts.members()).containsExactly(new Receipts.Receipt("alice-id", 4, 4),
                new Receipts.Receipt("bob-id", 4, 2));
    }

    @Test
    void membershipChangesDecideWhoMayRead() {
        add(new GroupCreated(group, "Weekend", alice, List.of(alice, bob), now()));
        send(group, alice, "before carol");
        add(new MembersAdded(group, alice, List.of(carol), now()));
        add(new MemberRemoved(group, bob, bob, now()));
        add(new MemberRemoved(group, alice, alice, now()));
        add(new AdminAppointed(group, carol, now()));
        feed.deliverAll(projector, 2);

        assertThat(reads.all(bob)).isEmpty();
        assertThat(reads.all(alice)).isEmpty();
        ConversationSummary forCarol = only(reads.all(carol));
        assertThat(forCarol.members()).extracting(ConversationSummary.Member::userId).containsExactly("carol-id");
        assertThat(forCarol.members().get(0).admin()).isTrue();
        assertThat(reads.requireMember(group, carol).lastSeq()).isEqualTo(1);
        assertThatThrownBy(() -> reads.requireMember(group, bob))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_A_MEMBER));
        assertThatThrownBy(() -> reads.requireMember(ConversationId.of("nope"), bob))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.rejection()).isEqualTo(Rejection.CONVERSATION_NOT_FOUND));
    }

    @Test
    void conversationsAreListedByLastActivity() {
        ConversationId direct = ConversationId.direct(alice, bob);
        add(new DirectConversationStarted(direct, alice, List.of(alice, bob), now()));
        add(new GroupCreated(group, "Later", alice, List.of(alice, carol), now()));
        send(direct, bob, "newest");
        feed.deliverAll(projector, 100);

        assertThat(reads.all(alice)).extracting(ConversationSummary::conversationId)
                .containsExactly(direct.value(), group.value());
    }

    @Test
    void deliveringEventsAgainInAnyBatchesLeavesTheSameReadModel() {
        busyHistory(new Random(7), 400);
        feed.deliverAll(projector, 7);
        Map<String, List<String>> once = feed.dump(ReadModels.OF_CONVERSATIONS);
        Map<String, Long> unread = unreadByUser();

        feed.deliverAll(projector, 5);
        feed.deliver(projector, feed.size() / 3, feed.size(), 11);
        feed.deliver(projector, feed.size() - 17, feed.size(), 250);

        assertThat(feed.dump(ReadModels.OF_CONVERSATIONS)).isEqualTo(once);
        assertThat(unreadByUser()).as("no unread count doubled").isEqualTo(unread);
    }

    @Test
    void aReplayFromScratchBuildsTheSameReadModelAsLiveBatches() {
        busyHistory(new Random(11), 300);
        for (int i = 0; i < feed.size(); i += 13) {
            feed.deliver(projector, i, Math.min(feed.size(), i + 13), 4);
        }
        Map<String, List<String>> live = feed.dump(ReadModels.OF_CONVERSATIONS);

        projector.reset();
        assertThat(feed.dump(ReadModels.OF_CONVERSATIONS).values()).allMatch(List::isEmpty);
        feed.deliverAll(projector, 1000);

        assertThat(feed.dump(ReadModels.OF_CONVERSATIONS)).isEqualTo(live);
    }

    /** Three conversations, members coming and going, messages and watermarks in random order. */
    private void busyHistory(Random random, int steps) {
        ConversationId direct = ConversationId.direct(alice, bob);
        add(new DirectConversationStarted(direct, alice, List.of(alice, bob), now()));
        add(new GroupCreated(group, "Weekend", alice, List.of(alice, bob, carol), now()));
        ConversationId other = ConversationId.of("group-2");
        add(new GroupCreated(other, "Work", bob, List.of(bob, carol), now()));
        Map<String, List<UserId>> members = new HashMap<>();
        members.put(direct.value(), new java.util.ArrayList<>(List.of(alice, bob)));
        members.put(group.value(), new java.util.ArrayList<>(List.of(alice, bob, carol)));
        members.put(other.value(), new java.util.ArrayList<>(List.of(bob, carol)));
        List<ConversationId> conversations = List.of(direct, group, other);
        for (int i = 0; i < steps; i++) {
            ConversationId c = conversations.get(random.nextInt(3));
            List<UserId> in = members.get(c.value());
            UserId who = in.get(random.nextInt(in.size()));
            long last = lastSeq.getOrDefault(c.value(), 0L);
            int kind = random.nextInt(10);
            if (kind < 5 || last == 0) {
                send(c, who, "message " + i);
            } else if (kind < 7) {
                add(new DeliveredUpTo(c, who, last - random.nextInt((int) Math.min(last, 3)), now()));
            } else if (kind < 9) {
                add(new ReadUpTo(c, who, last - random.nextInt((int) Math.min(last, 3)), now()));
            } else if (!c.equals(direct)) {
                UserId outsider = List.of(alice, bob, carol).stream().filter(u -> !in.contains(u)).findFirst().orElse(null);
                if (outsider != null) {
                    add(new MembersAdded(c, who, List.of(outsider), now()));
                    in.add(outsider);
                } else if (in.size() > 1) {
                    add(new MemberRemoved(c, who, who, now()));
                    in.remove(who);
                }
            }
        }
    }

    private Map<String, Long> unreadByUser() {
        Map<String, Long> unread = new HashMap<>();
        for (UserId user : List.of(alice, bob, carol)) {
            reads.all(user).forEach(s -> unread.put(user.value() + "/" + s.conversationId(), s.unreadCount()));
        }
        return unread;
    }

    private void send(ConversationId conversation, UserId sender, String text) {
        long seq = lastSeq.merge(conversation.value(), 1L, Long::sum);
        add(new MessageSent(conversation, MessageId.at(conversation, seq), seq, sender, "c-" + seq, text, null, now()));
    }

    private void add(Object event) {
        feed.add(event, now());
    }

    private Instant now() {
        return T0.plusSeconds(clock++);
    }

    private static ConversationSummary only(List<ConversationSummary> summaries) {
        assertThat(summaries).hasSize(1);
        return summaries.get(0);
    }
}
