package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.presence.GetLastSeen;
import io.parley.api.presence.LastSeen;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import io.parley.api.query.ConversationList;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.DeliveryAnalytics;
import io.parley.api.query.GetChanges;
import io.parley.api.query.GetDeliveryAnalytics;
import io.parley.api.query.GetHistory;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.HistoryPage;
import io.parley.api.query.ListConversations;
import io.parley.api.query.MessageStatus;
import io.parley.api.query.MessageView;
import io.parley.api.query.Receipts;
import io.parley.api.query.SyncPage;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The read models answer through Axon's query bus, as other services ask them: every {@code @QueryHandler} of the
 * query side (and the write model's membership query) gives, for the same question, exactly what the REST API
 * gives, and refuses outsiders, unknown conversations and malformed questions with the same {@link Rejection}.
 *
 * <p>The fixture, built over HTTP: a direct chat of alice and bob, alice's messages seq 1..5, bob's 6..7, bob has
 * had 1..5 delivered and read 1..3; a group of alice (admin), bob and carol, carol's messages 1..3, alice's 4,
 * alice has read 1..2.
 */
class QueryBusTest extends StandaloneTest {

    private static final Duration ANSWER = Duration.ofSeconds(10);
    /** Reads the REST answers into the shared-api records, to compare them with the bus's answers as values. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Autowired
    QueryGateway queries;

    private Session alice;
    private Session bob;
    private Session carol;
    private Session eve;
    private String direct;
    private String group;
    /** Carol's sync cursor from before she was in any conversation. */
    private String carolsFirstCursor;

    @BeforeEach
    void aDirectChatAndAGroupWithMessagesAndReceipts() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
        carol = client.registerAndLogin(uniqueName("carol"));
        eve = client.registerAndLogin(uniqueName("eve"));
        carolsFirstCursor = ok(client.get("/api/v1/sync", carol.accessToken())).text("nextCursor");

        direct = ok(client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId()))).text("conversationId");
        for (int i = 1; i <= 5; i++) {
            send(alice, direct, "alice to bob " + i, i);
        }
        send(bob, direct, "bob to alice 1", 6);
        send(bob, direct, "bob to alice 2", 7);
        watermark(bob, direct, "delivered", 5);
        watermark(bob, direct, "read", 3);

        group = ok(client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Bus stop", "memberIds", List.of(bob.userId(), carol.userId())))).text("conversationId");
        send(carol, group, "carol 1", 1);
        send(carol, group, "carol 2", 2);
        send(carol, group, "carol 3", 3);
        send(alice, group, "alice in the group", 4);
        watermark(alice, group, "read", 2);

        // one processor projects all of it in event order: once the last watermark shows, everything before it does
        QueryFlowTest.await(() -> client.get(receiptsPath(group), alice.accessToken()).body(),
                r -> r.path("lastSeq").asLong() == 4 && readUpTo(r, alice) == 2);
        QueryFlowTest.await(() -> client.get(receiptsPath(direct), alice.accessToken()).body(),
                r -> r.path("lastSeq").asLong() == 7 && readUpTo(r, bob) == 3);
    }

    @Test
    void conversationListsOnTheBusAreTheRestListsWithTheSameUnreadCounts() throws Exception {
        for (Session who : List.of(alice, bob, carol, eve)) {
            ConversationList onTheBus = ask(new ListConversations(UserId.of(who.userId())), ConversationList.class);
            assertThat(onTheBus).as("conversation list of %s", who.userId())
                    .isEqualTo(rest("/api/v1/conversations", who, ConversationList.class));
        }

        ConversationList alices = ask(new ListConversations(UserId.of(alice.userId())), ConversationList.class);
        assertThat(alices.conversations()).extracting(ConversationSummary::conversationId)
                .as("most recent activity first").containsExactly(group, direct);
        assertThat(unread(alice, direct)).as("bob's 6 and 7").isEqualTo(2);
        assertThat(unread(alice, group)).as("carol's 3; alice's own 4 is not unread").isEqualTo(1);
        assertThat(unread(bob, direct)).as("alice's 4 and 5, above his read 3").isEqualTo(2);
        assertThat(unread(bob, group)).as("never read").isEqualTo(4);
        assertThat(unread(carol, group)).as("alice's 4").isEqualTo(1);

        ConversationSummary groupOfAlice = alices.conversations().get(0);
        assertThat(groupOfAlice.title()).isEqualTo("Bus stop");
        assertThat(groupOfAlice.lastSeq()).isEqualTo(4);
        assertThat(groupOfAlice.readUpTo()).isEqualTo(2);
        assertThat(groupOfAlice.lastMessage().text()).isEqualTo("alice in the group");
        assertThat(groupOfAlice.members()).extracting(ConversationSummary.Member::userId, ConversationSummary.Member::admin)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(alice.userId(), true),
                        org.assertj.core.groups.Tuple.tuple(bob.userId(), false),
                        org.assertj.core.groups.Tuple.tuple(carol.userId(), false));
        assertThat(ask(new ListConversations(UserId.of(eve.userId())), ConversationList.class).conversations())
                .as("eve is in nothing").isEmpty();
        assertThat(ask(new ListConversations(UserId.of(UUID.randomUUID().toString())), ConversationList.class)
                .conversations()).as("an unknown user is in nothing").isEmpty();
    }

    @Test
    void historyPagesOnTheBusAreTheRestPagesMessageForMessage() throws Exception {
        record Page(Session who, String conversation, Long before, Long after, int limit) {
        }
        List<Page> pages = List.of(
                new Page(alice, direct, null, null, GetHistory.DEFAULT_LIMIT),
                new Page(alice, direct, null, null, 2),
                new Page(alice, direct, 4L, null, 2),
                new Page(alice, direct, null, 3L, 50),
                new Page(alice, direct, null, 7L, 50),
                new Page(alice, direct, 1L, null, 50),
                new Page(bob, direct, null, null, GetHistory.DEFAULT_LIMIT),
                new Page(bob, direct, null, 0L, 3),
                new Page(carol, group, null, null, GetHistory.DEFAULT_LIMIT),
                new Page(alice, group, null, null, GetHistory.DEFAULT_LIMIT));
        for (Page page : pages) {
            HistoryPage onTheBus = ask(new GetHistory(ConversationId.of(page.conversation()),
                    UserId.of(page.who().userId()), page.before(), page.after(), page.limit()), HistoryPage.class);
            String query = "?limit=" + page.limit() + (page.before() == null ? "" : "&before=" + page.before())
                    + (page.after() == null ? "" : "&after=" + page.after());
            assertThat(onTheBus).as("%s", page)
                    .isEqualTo(rest(messagesPath(page.conversation()) + query, page.who(), HistoryPage.class));
        }

        HistoryPage all = ask(new GetHistory(ConversationId.of(direct), UserId.of(alice.userId()), null, null, 50),
                HistoryPage.class);
        assertThat(all.messages()).extracting(MessageView::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(all.messages()).extracting(MessageView::text).containsExactly("alice to bob 1", "alice to bob 2",
                "alice to bob 3", "alice to bob 4", "alice to bob 5", "bob to alice 1", "bob to alice 2");
        assertThat(all.messages()).extracting(MessageView::status).as("alice's own, by bob's watermarks")
                .containsExactly(MessageStatus.READ, MessageStatus.READ, MessageStatus.READ, MessageStatus.DELIVERED,
                        MessageStatus.DELIVERED, null, null);
        assertThat(all.messages()).extracting(MessageView::messageId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(all.lastSeq()).isEqualTo(7);
        assertThat(all.hasOlder()).isFalse();
        assertThat(all.hasNewer()).isFalse();
        HistoryPage middle = ask(new GetHistory(ConversationId.of(direct), UserId.of(bob.userId()), 5L, null, 2),
                HistoryPage.class);
        assertThat(middle.messages()).extracting(MessageView::seq).containsExactly(3L, 4L);
        assertThat(middle.hasOlder()).isTrue();
        assertThat(middle.hasNewer()).isTrue();
    }

    @Test
    void receiptsOnTheBusAreTheRestReceipts() throws Exception {
        for (Session who : List.of(alice, bob)) {
            assertThat(ask(new GetReceipts(ConversationId.of(direct), UserId.of(who.userId())), Receipts.class))
                    .isEqualTo(rest(receiptsPath(direct), who, Receipts.class));
        }
        Receipts groupReceipts = ask(new GetReceipts(ConversationId.of(group), UserId.of(carol.userId())), Receipts.class);
        assertThat(groupReceipts).isEqualTo(rest(receiptsPath(group), carol, Receipts.class));

        Receipts directReceipts = ask(new GetReceipts(ConversationId.of(direct), UserId.of(alice.userId())), Receipts.class);
        assertThat(directReceipts.lastSeq()).isEqualTo(7);
        assertThat(directReceipts.members()).containsExactlyInAnyOrder(
                new Receipts.Receipt(alice.userId(), 0, 0), new Receipts.Receipt(bob.userId(), 5, 3));
        assertThat(groupReceipts.lastSeq()).isEqualTo(4);
        assertThat(groupReceipts.members()).containsExactlyInAnyOrder(new Receipts.Receipt(alice.userId(), 2, 2),
                new Receipts.Receipt(bob.userId(), 0, 0), new Receipts.Receipt(carol.userId(), 0, 0));
    }

    @Test
    void syncStateAndChangesOnTheBusAreTheRestFeed() throws Exception {
        for (Session who : List.of(alice, bob, carol, eve)) {
            SyncPage state = ask(new GetChanges(UserId.of(who.userId()), null, GetChanges.DEFAULT_LIMIT), SyncPage.class);
            assertThat(state).as("state of %s", who.userId()).isEqualTo(rest("/api/v1/sync", who, SyncPage.class));
            assertThat(state.changes()).isEmpty();
        }

        SyncPage carols = ask(new GetChanges(UserId.of(carol.userId()), carolsFirstCursor, GetChanges.MAX_LIMIT),
                SyncPage.class);
        assertThat(carols).isEqualTo(rest("/api/v1/sync?limit=" + GetChanges.MAX_LIMIT + "&cursor=" + carolsFirstCursor,
                carol, SyncPage.class));
        assertThat(carols.conversations()).as("changes only, with a cursor").isNull();
        assertThat(carols.hasMore()).isFalse();
        assertThat(carols.changes()).extracting(SyncPage.Change::type)
                .containsExactly("conversation.joined", "message", "message", "message", "message", "read");
        assertThat(carols.changes()).extracting(SyncPage.Change::conversationId).containsOnly(group);
        assertThat(carols.changes().get(0).conversation().title()).isEqualTo("Bus stop");
        assertThat(carols.changes().subList(1, 5)).extracting(change -> change.message().seq())
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(carols.changes().get(5).userId()).isEqualTo(alice.userId());
        assertThat(carols.changes().get(5).seq()).isEqualTo(2);

        // page by page on the bus, as a client would: the same changes, a cursor the REST API takes too
        String cursor = carolsFirstCursor;
        List<SyncPage.Change> paged = new java.util.ArrayList<>();
        for (int page = 0; page < 10; page++) {
            SyncPage next = ask(new GetChanges(UserId.of(carol.userId()), cursor, 2), SyncPage.class);
            assertThat(next).isEqualTo(rest("/api/v1/sync?limit=2&cursor=" + cursor, carol, SyncPage.class));
            paged.addAll(next.changes());
            cursor = next.nextCursor();
            if (!next.hasMore()) {
                break;
            }
        }
        assertThat(paged).isEqualTo(carols.changes());
        assertThat(cursor).isEqualTo(carols.nextCursor());
    }

    @Test
    void deliveryAnalyticsOnTheBusAreTheAnalystsFigures() throws Exception {
        Session analyst = Analysts.analyst(client, "laptop");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        // its own processor: wait until it has at least this fixture's 11 messages of today, and both paths agree
        DeliveryAnalytics[] answers = QueryFlowTest.await(() -> new DeliveryAnalytics[]{
                        askUnchecked(new GetDeliveryAnalytics(yesterday, today), DeliveryAnalytics.class),
                        rest("/api/v1/analytics/delivery?from=" + yesterday + "&to=" + today, analyst, DeliveryAnalytics.class)},
                both -> both[0].equals(both[1]) && both[0].days().get(1).messagesSent() >= 11);
        DeliveryAnalytics onTheBus = answers[0];
        assertThat(onTheBus.days()).extracting(DeliveryAnalytics.Day::day).containsExactly(yesterday, today);
        assertThat(onTheBus.days().get(1).sentToRead().samples()).as("at least bob's 3 and alice's 2 reads")
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void lastSeenOnTheBusIsWhatTheUserLookupShows() throws Exception {
        String daveName = uniqueName("dave");
        Session dave = client.registerAndLogin(daveName);
        assertThat(ask(new GetLastSeen(UserId.of(dave.userId())), LastSeen.class))
                .as("never online yet").isEqualTo(new LastSeen(UserId.of(dave.userId()), null));

        Instant before = Instant.now().minusSeconds(1);
        SocketClient.connect(port, dave.accessToken()).close();
        LastSeen seen = QueryFlowTest.await(() -> askUnchecked(new GetLastSeen(UserId.of(dave.userId())), LastSeen.class),
                answer -> answer.lastSeen() != null);
        assertThat(seen.userId()).isEqualTo(UserId.of(dave.userId()));
        assertThat(seen.lastSeen()).isAfter(before).isBeforeOrEqualTo(Instant.now());
        // dave himself (strangers such as alice do not see it: LastSeenPrivacyTest)
        JsonNode user = ok(client.get("/api/v1/users/" + daveName, dave.accessToken())).body();
        assertThat(Instant.parse(user.path("lastSeen").asText())).isEqualTo(seen.lastSeen());
    }

    @Test
    void anOutsiderAskingHistoryOrReceiptsOnTheBusIsRefusedAsNotAMember() throws Exception {
        UserId outsider = UserId.of(eve.userId());
        assertRejected(new GetHistory(ConversationId.of(direct), outsider, null, null, 50), HistoryPage.class,
                Rejection.NOT_A_MEMBER);
        assertRejected(new GetReceipts(ConversationId.of(direct), outsider), Receipts.class, Rejection.NOT_A_MEMBER);
        assertRejected(new GetHistory(ConversationId.of(group), outsider, null, 0L, 10), HistoryPage.class,
                Rejection.NOT_A_MEMBER);
        assertRejected(new GetReceipts(ConversationId.of(group), UserId.of(UUID.randomUUID().toString())), Receipts.class,
                Rejection.NOT_A_MEMBER);

        // once removed from the group, carol is an outsider too: no more history or receipts for her
        assertThat(client.delete("/api/v1/conversations/" + group + "/members/" + carol.userId(), alice.accessToken())
                .status()).isEqualTo(204);
        QueryFlowTest.await(() -> client.get(receiptsPath(group), alice.accessToken()).body(),
                r -> r.path("members").size() == 2);
        assertRejected(new GetHistory(ConversationId.of(group), UserId.of(carol.userId()), null, null, 50),
                HistoryPage.class, Rejection.NOT_A_MEMBER);
        assertRejected(new GetReceipts(ConversationId.of(group), UserId.of(carol.userId())), Receipts.class,
                Rejection.NOT_A_MEMBER);
        assertThat(ask(new ListConversations(UserId.of(carol.userId())), ConversationList.class).conversations())
                .as("nor is the group in her list").isEmpty();
        assertThat(ask(new GetReceipts(ConversationId.of(group), UserId.of(bob.userId())), Receipts.class).members())
                .as("the members still may").hasSize(2);
    }

    @Test
    void anUnknownConversationOnTheBusIsNotFound() throws Exception {
        ConversationId unknown = ConversationId.of(UUID.randomUUID().toString());
        assertRejected(new GetHistory(unknown, UserId.of(alice.userId()), null, null, 50), HistoryPage.class,
                Rejection.CONVERSATION_NOT_FOUND);
        assertRejected(new GetReceipts(unknown, UserId.of(alice.userId())), Receipts.class,
                Rejection.CONVERSATION_NOT_FOUND);
        assertRejected(new GetReceipts(unknown, UserId.of(eve.userId())), Receipts.class,
                Rejection.CONVERSATION_NOT_FOUND);
    }

    @Test
    void malformedQueriesOnTheBusAreRejectedAsTheRestApiRejectsThem() throws Exception {
        ConversationId conversation = ConversationId.of(direct);
        UserId user = UserId.of(alice.userId());
        assertRejected(new GetHistory(conversation, user, null, null, 0), HistoryPage.class, Rejection.INVALID_REQUEST);
        assertRejected(new GetHistory(conversation, user, null, null, GetHistory.MAX_LIMIT + 1), HistoryPage.class,
                Rejection.INVALID_REQUEST);
        assertRejected(new GetHistory(conversation, user, 3L, 1L, 10), HistoryPage.class, Rejection.INVALID_REQUEST);
        assertRejected(new GetHistory(conversation, user, null, -1L, 10), HistoryPage.class, Rejection.INVALID_REQUEST);
        assertRejected(new GetChanges(user, null, 0), SyncPage.class, Rejection.INVALID_REQUEST);
        assertRejected(new GetChanges(user, "garbage!", 10), SyncPage.class, Rejection.CURSOR_INVALID);
        assertRejected(new GetChanges(user, "czE6OTk5OTk5", 10), SyncPage.class, Rejection.CURSOR_INVALID);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertRejected(new GetDeliveryAnalytics(today, today.minusDays(1)), DeliveryAnalytics.class,
                Rejection.INVALID_REQUEST);
        assertRejected(new GetDeliveryAnalytics(today.minusYears(2), today), DeliveryAnalytics.class,
                Rejection.INVALID_REQUEST);
    }

    /** The bus's answer, or the test fails on the failure. */
    private <R> R ask(Object query, Class<R> answer) throws Exception {
        try {
            return queries.query(query, ResponseTypes.instanceOf(answer)).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new AssertionError("the query bus failed " + query, failed.getCause());
        }
    }

    private <R> R askUnchecked(Object query, Class<R> answer) {
        try {
            return ask(query, answer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The bus refuses the query with this rejection: the future fails with a {@link HandlerExecutionException}
     * whose details name the rejection (what survives the trip through a distributed bus, where the exception
     * arrives as a QueryExecutionException) and {@link RejectedException#from} finds it.
     */
    private void assertRejected(Object query, Class<?> answer, Rejection expected) throws InterruptedException, TimeoutException {
        Throwable failure = catchThrowable(() -> queries.query(query, ResponseTypes.instanceOf(answer))
                .get(ANSWER.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(failure).as("%s", query).isInstanceOf(ExecutionException.class);
        HandlerExecutionException handlerFailure = handlerFailure(failure);
        assertThat(handlerFailure).as("%s failed with %s", query, failure.getCause()).isNotNull();
        assertThat(handlerFailure.getDetails().map(Objects::toString)).as("details of %s", handlerFailure)
                .isEqualTo(Optional.of(expected.name()));
        assertThat(RejectedException.from(failure).map(RejectedException::rejection)).as("%s", query)
                .isEqualTo(Optional.of(expected));
        assertThat(failure.getCause().getMessage()).as("a reason for the caller").isNotBlank();
    }

    private static HandlerExecutionException handlerFailure(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof HandlerExecutionException handler) {
                return handler;
            }
        }
        return null;
    }

    /** The REST answer to the same question, as the record the bus answers with. */
    private <R> R rest(String path, Session who, Class<R> answer) {
        Response response = ok(client.get(path, who.accessToken()));
        try {
            return JSON.treeToValue(response.body(), answer);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + response + " as " + answer.getSimpleName(), e);
        }
    }

    private long unread(Session who, String conversation) throws Exception {
        return ask(new ListConversations(UserId.of(who.userId())), ConversationList.class).conversations().stream()
                .filter(summary -> summary.conversationId().equals(conversation))
                .findFirst().orElseThrow().unreadCount();
    }

    private void send(Session from, String conversation, String text, long expectedSeq) {
        Response sent = client.post(messagesPath(conversation), from.accessToken(),
                Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.body().path("seq").asLong()).isEqualTo(expectedSeq);
    }

    private void watermark(Session who, String conversation, String kind, long upTo) {
        Response response = client.post("/api/v1/conversations/" + conversation + "/" + kind, who.accessToken(),
                Map.of("upToSeq", upTo));
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }

    private static long readUpTo(JsonNode receipts, Session who) {
        return QueryFlowTest.find(receipts.path("members"), m -> m.path("userId").asText().equals(who.userId()))
                .path("readUpTo").asLong();
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
        return response;
    }

    private static String messagesPath(String conversation) {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    private static String receiptsPath(String conversation) {
        return "/api/v1/conversations/" + conversation + "/receipts";
    }
}
