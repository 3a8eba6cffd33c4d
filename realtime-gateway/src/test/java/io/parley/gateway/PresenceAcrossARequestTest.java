package io.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.ListConversations;
import io.parley.gateway.membership.Memberships;
import io.parley.platform.testing.SocketClient;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence between the two of a message request, on a gateway the test feeds events to one at a time (local buses, as
 * {@link MembershipsFromEventsTest}): the presence worker reads the node's views while the realtime processor applies
 * a command's events, and here it is made to read them between two events of one command, or while the query side's
 * read model is ahead of the node. Neither may show the two to each other online before the request is accepted.
 */
class PresenceAcrossARequestTest {

    private static final Duration QUIET = Duration.ofSeconds(1);

    @TempDir
    static Path keys;

    /** What the query side's read model lists for each user (ListConversations); nothing unless a test says so. */
    private static final Map<String, List<ConversationSummary>> readModel = new ConcurrentHashMap<>();
    private static GatewayOnLocalBuses buses;
    private static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void start() {
        buses = new GatewayOnLocalBuses(keys);
        gateway = buses.start("gateway-requests", List.of(QuerySideStandIn.class));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The chat's start is applied, its {@code MessageRequestOpened} not yet: devices that connect then see no one. */
    @Test
    void betweenTheChatsStartAndItsRequestNeitherIsShownOnline() throws Exception {
        UserId alice = user();
        UserId bob = user();
        ConversationId chat = ConversationId.of(UUID.randomUUID().toString());
        try (SocketClient alicePhone = buses.connect(gateway, alice); SocketClient bobPhone = buses.connect(gateway, bob)) {
            buses.store(chat, new DirectConversationStarted(chat, alice, List.of(alice, bob), Instant.now(), true));
            awaitMember(chat, bob);

            try (SocketClient aliceTablet = buses.connect(gateway, alice); SocketClient bobTablet = buses.connect(gateway, bob)) {
                assertThat(aliceTablet.collectAll(QUIET)).as("alice's new device").noneMatch(f -> online(f, bob));
                assertThat(bobTablet.collectAll(Duration.ofMillis(100))).as("bob's new device").noneMatch(f -> online(f, alice));
                assertThat(alicePhone.collectAll(Duration.ofMillis(100))).as("alice's phone").noneMatch(f -> online(f, bob));
                assertThat(bobPhone.collectAll(Duration.ofMillis(100))).as("bob's phone").noneMatch(f -> online(f, alice));
            }

            buses.store(chat, new MessageRequestOpened(chat, bob, alice, Instant.now()));
            buses.store(chat, new MessageRequestAccepted(chat, bob, alice, Instant.now()));
            assertThat(alicePhone.next(f -> online(f, bob))).as("accepted: bob shown to alice").isNotNull();
            assertThat(bobPhone.next(f -> online(f, alice))).as("accepted: alice shown to bob").isNotNull();
        }
    }

    /**
     * The read model lists a request this node has not applied yet (the query side ran ahead): the node's presence
     * goes by its own view only, so the two are not shown to each other.
     */
    @Test
    void aRequestTheReadModelListsBeforeThisNodeAppliedItShowsNeitherOnline() throws Exception {
        UserId carol = user();
        UserId dave = user();
        ConversationId chat = ConversationId.of(UUID.randomUUID().toString());
        List<ConversationSummary.Member> members = List.of(new ConversationSummary.Member(carol.value(), "Carol", false),
                new ConversationSummary.Member(dave.value(), "Dave", false));
        readModel.put(carol.value(), List.of(summary(chat, members, false)));
        readModel.put(dave.value(), List.of(summary(chat, members, true)));

        try (SocketClient carolPhone = buses.connect(gateway, carol)) {
            carolPhone.collectAll(Duration.ofMillis(300));
            try (SocketClient davePhone = buses.connect(gateway, dave)) {
                assertThat(davePhone.collectAll(QUIET)).as("dave's frames").noneMatch(f -> online(f, carol));
                assertThat(carolPhone.collectAll(Duration.ofMillis(100))).as("carol's frames").noneMatch(f -> online(f, dave));
            }
        }
    }

    private static ConversationSummary summary(ConversationId chat, List<ConversationSummary.Member> members,
                                               boolean request) {
        return new ConversationSummary(chat.value(), ConversationKind.DIRECT, null, members, null, 0, 0, 0, 0,
                Instant.now(), false, null, request);
    }

    private static void awaitMember(ConversationId chat, UserId user) throws InterruptedException {
        Memberships view = gateway.getBean(Memberships.class);
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!view.isMember(chat, user)) {
            assertThat(System.nanoTime() - giveUpAt).as("the view learns of the chat").isNegative();
            Thread.sleep(10);
        }
    }

    private static boolean online(JsonNode frame, UserId user) {
        return frame.path("type").asText().equals("presence") && frame.path("userId").asText().equals(user.value())
                && frame.path("online").asBoolean();
    }

    private static UserId user() {
        return UserId.of(UUID.randomUUID().toString());
    }

    /** The read model's conversation lists, as the test sets them; it lists no memberships: the view comes from the events. */
    static final class QuerySideStandIn {

        @QueryHandler
        ConversationList handle(ListConversations query) {
            return new ConversationList(readModel.getOrDefault(query.userId().value(), List.of()), null);
        }
    }
}
