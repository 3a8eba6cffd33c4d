package io.parley.gateway;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.query.ConversationList;
import io.parley.api.query.GetMessageChanges;
import io.parley.api.query.MessageChangesPage;
import io.parley.api.query.ListConversations;
import io.parley.api.query.ListMemberships;
import io.parley.api.query.MembershipsPage;
import io.parley.api.query.MembershipsPage.ConversationMembers;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway whose query side lists memberships starts from that list, not from the event stream: it reads the stream
 * on after the position the list covers (here with no margin), applying again what the list already reflects, and
 * ends with the same members as the events say, whether the list was behind or ahead of that position.
 */
class MembershipsFromTheQuerySideTest {

    /** Created before anything the event store here holds: only the query side knows it. */
    private static final ConversationId EARLIER = ConversationId.of(UUID.randomUUID().toString());
    private static final ConversationId GROUP = ConversationId.of(UUID.randomUUID().toString());
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID().toString());
    private static final UserId ALICE = UserId.of(UUID.randomUUID().toString());
    private static final UserId BOB = UserId.of(UUID.randomUUID().toString());
    private static final UserId CAROL = UserId.of(UUID.randomUUID().toString());
    private static final UserId DAVE = UserId.of(UUID.randomUUID().toString());

    @TempDir
    static Path keys;

    private static GatewayOnLocalBuses buses;
    private static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void theQuerySideHasTakenTheFirstTwoEventsAndSomeLaterOnes() {
        buses = new GatewayOnLocalBuses(keys);
        buses.store(GROUP, new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), Instant.now()));  // 0
        buses.store(GROUP, new MembersAdded(GROUP, ALICE, List.of(CAROL), Instant.now()));               // 1
        buses.store(GROUP, new MemberRemoved(GROUP, ALICE, BOB, Instant.now()));                         // 2
        buses.store(GROUP, new MembersAdded(GROUP, ALICE, List.of(DAVE), Instant.now()));                // 3
        buses.store(CHAT, new GroupCreated(CHAT, "Chat", ALICE, List.of(ALICE, BOB), Instant.now()));    // 4
        buses.store(CHAT, new MessageSent(CHAT, MessageId.at(CHAT, 1), 1, ALICE, "c-1", "hi", null,
                Instant.now()));
        gateway = buses.start("gateway-from-read-models", List.of(QuerySide.class),
                "--parley.gateway.realtime-start-margin=0");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theViewIsTheListPlusTheEventsAfterItsPositionAndLiveEventsArePushed() throws Exception {
        Memberships view = gateway.getBean(Memberships.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!view.isMember(CHAT, BOB) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(view.isMember(EARLIER, ALICE)).as("from the list alone").isTrue();
        assertThat(view.isMember(GROUP, BOB)).as("removed after the list's position").isFalse();
        assertThat(view.isMember(GROUP, CAROL)).as("in the list, and added again from the events").isTrue();
        assertThat(view.isMember(GROUP, DAVE)).as("added after the list's position, which the list had not taken").isTrue();
        assertThat(view.lastSeqIfMember(CHAT, BOB)).isEqualTo(1);
        assertThat(view.describe(GROUP).kind()).isEqualTo(ConversationKind.GROUP);

        SocketClient dave = buses.connect(gateway, DAVE);
        try {
            dave.sendRaw("{\"type\":\"resume\",\"id\":\"r1\",\"positions\":{}}");
            assertThat(dave.upTo(frame -> frame.path("id").asText().equals("r1")))
                    .filteredOn(frame -> frame.path("change").asText().equals("created"))
                    .extracting(frame -> frame.path("conversationId").asText()).containsExactly(GROUP.value());
            buses.store(GROUP, new MembersAdded(GROUP, ALICE, List.of(BOB), Instant.now()));
            assertThat(dave.next(frame -> frame.path("change").asText().equals("membersAdded"))
                    .path("userIds").toString()).contains(BOB.value());
        } finally {
            dave.close();
        }
    }

    /**
     * What the read models hold: every event up to position 1, and (written before its position was) the removal
     * of bob at position 2, but not dave's joining at 3 nor the chat; and a conversation from before.
     */
    static final class QuerySide {

        @QueryHandler
        MembershipsPage handle(ListMemberships query) {
            return new MembershipsPage(1, List.of(
                    new ConversationMembers(EARLIER.value(), ConversationKind.DIRECT, null, List.of(ALICE.value(), CAROL.value()), 4),
                    new ConversationMembers(GROUP.value(), ConversationKind.GROUP, "Team", List.of(ALICE.value(), CAROL.value()), 0)),
                    null);
        }

        @QueryHandler
        ConversationList handle(ListConversations query) {
            return new ConversationList(List.of(), null);
        }

        @QueryHandler
        MessageChangesPage handle(GetMessageChanges query) {
            return new MessageChangesPage(query.conversationId().value(), List.of(), 0, false);
        }
    }
}
