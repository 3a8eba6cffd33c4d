package io.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.query.ConversationList;
import io.parley.api.query.GetHistory;
import io.parley.api.query.GetMessageChanges;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.MessageChangesPage;
import io.parley.api.query.HistoryPage;
import io.parley.api.query.ListConversations;
import io.parley.api.query.MessageView;
import io.parley.api.query.Receipts;
import io.parley.platform.testing.SocketClient;
import io.parley.gateway.membership.Memberships;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's membership view comes from the events alone. Here the gateway runs as its own service with no
 * command side at all (local buses on an event store the test writes to, as the command side would, and a stand-in
 * for the query side's answers): it starts after the conversations were created, so it learns their members and
 * last seqs by replaying the stream, and it relays, catches up and pushes from then on; ids it does not know are
 * refused and leave nothing behind.
 */
class MembershipsFromEventsTest {

    private static final ConversationId GROUP = ConversationId.of(UUID.randomUUID().toString());
    /** Two messages old when the gateway starts. */
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId ALICE = UserId.of(UUID.randomUUID().toString());
    private static final UserId BOB = UserId.of(UUID.randomUUID().toString());
    private static final UserId CAROL = UserId.of(UUID.randomUUID().toString());

    @TempDir
    static Path keys;

    /** What the query side would have projected: the stored messages, by conversation. */
    private static final Map<String, List<MessageView>> history = new ConcurrentHashMap<>();
    private static GatewayOnLocalBuses buses;
    private static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void aGroupExistsBeforeTheGatewayStarts() {
        buses = new GatewayOnLocalBuses(keys);
        buses.store(GROUP, new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), Instant.now()));
        buses.store(CHAT, new GroupCreated(CHAT, "Chat", ALICE, List.of(ALICE, BOB), Instant.now()));
        buses.store(CHAT, message(CHAT, 1, "before the start"));
        buses.store(CHAT, message(CHAT, 2, "still before"));
        gateway = buses.start("gateway-alone", List.of(QuerySideStandIn.class));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void membersLearntFromTheEventsAreServedWithNoCommandSideAndUnknownIdsLeaveNothingBehind() throws Exception {
        SocketClient alice = buses.connect(gateway, ALICE);
        SocketClient bob = buses.connect(gateway, BOB);
        SocketClient carol = buses.connect(gateway, CAROL);
        try {
            // the group was created before this gateway started: its members come from the replayed stream
            Memberships view = gateway.getBean(Memberships.class);
            long replayed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!view.isMember(GROUP, ALICE) && System.nanoTime() < replayed) {
                Thread.sleep(20);
            }
            alice.sendRaw("{\"type\":\"typing\",\"conversationId\":\"" + GROUP.value() + "\",\"state\":\"start\"}");
            assertThat(bob.next(frame -> frame.path("type").asText().equals("typing"))
                    .path("userId").asText()).isEqualTo(ALICE.value());

            // ids nobody created, or a group one is not in: refused, and the view holds no more than before
            int held = view.size();
            for (int i = 0; i < 150; i++) {
                carol.sendRaw("{\"type\":\"typing\",\"id\":\"t" + i + "\",\"conversationId\":\"" + UUID.randomUUID()
                        + "\",\"state\":\"start\"}");
            }
            carol.sendRaw("{\"type\":\"typing\",\"id\":\"foreign\",\"conversationId\":\"" + GROUP.value()
                    + "\",\"state\":\"start\"}");
            JsonNode refused = carol.next(frame -> frame.path("id").asText().equals("foreign"));
            assertThat(refused.path("problemType").asText()).isEqualTo("urn:parley:problem:not-a-member");
            assertThat(view.size()).isEqualTo(held);

            // the conversation is not silenced: live events are pushed, and change the view
            buses.store(GROUP, new MembersAdded(GROUP, ALICE, List.of(CAROL), Instant.now()));
            assertThat(bob.next(frame -> frame.path("change").asText().equals("membersAdded"))
                    .path("userIds").toString()).contains(CAROL.value());
            buses.store(GROUP, new ReadUpTo(GROUP, BOB, 0, Instant.now()));
            assertThat(alice.next(frame -> frame.path("type").asText().equals("receipt")).path("userId").asText())
                    .isEqualTo(BOB.value());
            carol.sendRaw("{\"type\":\"typing\",\"conversationId\":\"" + GROUP.value() + "\",\"state\":\"start\"}");
            assertThat(bob.next(frame -> frame.path("type").asText().equals("typing")
                    && frame.path("userId").asText().equals(CAROL.value()))).isNotNull();
        } finally {
            alice.close();
            bob.close();
            carol.close();
        }
    }

    /** The view's last seq is the catch-up's target; messages stored after the start are pushed live. */
    @Test
    void aGatewayStartedAfterMessagesCatchesUpToTheViewsLastSeqAndThenPushesLive() throws Exception {
        SocketClient bob = buses.connect(gateway, BOB);
        try {
            bob.sendRaw("{\"type\":\"resume\",\"id\":\"r1\",\"positions\":{\"" + CHAT.value() + "\":0,\""
                    + UUID.randomUUID() + "\":0}}");
            List<JsonNode> resumed = bob.upTo(frame -> frame.path("id").asText().equals("r1"));
            assertThat(resumed).filteredOn(frame -> frame.path("type").asText().equals("message"))
                    .extracting(frame -> frame.path("seq").asLong()).containsExactly(1L, 2L);
            assertThat(resumed).filteredOn(frame -> frame.path("type").asText().equals("error"))
                    .extracting(frame -> frame.path("problemType").asText())
                    .containsExactly("urn:parley:problem:not-a-member");
            assertThat(resumed.get(resumed.size() - 1).path("type").asText()).isEqualTo("ack");

            buses.store(CHAT, message(CHAT, 3, "after the start"));
            JsonNode live = bob.next(frame -> frame.path("type").asText().equals("message"));
            assertThat(live.path("seq").asLong()).isEqualTo(3);
            assertThat(live.path("text").asText()).isEqualTo("after the start");
        } finally {
            bob.close();
        }
    }

    private static MessageSent message(ConversationId conversation, long seq, String text) {
        MessageSent sent = new MessageSent(conversation, MessageId.at(conversation, seq), seq, ALICE, "c-" + seq, text,
                null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        history.computeIfAbsent(conversation.value(), id -> new CopyOnWriteArrayList<>())
                .add(new MessageView(conversation.value(), sent.messageId().value(), seq, ALICE.value(), text, null,
                        sent.sentAt(), null));
        return sent;
    }

    /**
     * The query side's answers that catch-up needs, from what the test stored (no query side runs here). It does not
     * list memberships: the gateway rebuilds its view from the event stream.
     */
    static final class QuerySideStandIn {

        @QueryHandler
        ConversationList handle(ListConversations query) {
            return new ConversationList(List.of(), null);
        }

        @QueryHandler
        HistoryPage handle(GetHistory query) {
            List<MessageView> after = history.getOrDefault(query.conversationId().value(), List.of()).stream()
                    .filter(message -> query.after() == null || message.seq() > query.after())
                    .limit(query.limit())
                    .toList();
            return new HistoryPage(query.conversationId().value(), after, after.isEmpty() ? 0 : after.get(after.size() - 1).seq(),
                    false, false, Map.of());
        }

        @QueryHandler
        Receipts handle(GetReceipts query) {
            return new Receipts(query.conversationId().value(), 0, List.of());
        }

        /** No message was reacted to, edited or deleted here. */
        @QueryHandler
        MessageChangesPage handle(GetMessageChanges query) {
            return new MessageChangesPage(query.conversationId().value(), List.of(), 0, false);
        }
    }
}
