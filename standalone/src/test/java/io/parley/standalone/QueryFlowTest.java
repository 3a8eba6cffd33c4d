package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** From the REST commands to every query of the read models, over HTTP against the standalone app. */
class QueryFlowTest extends StandaloneTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    private Session alice;
    private Session bob;
    private String conversation;

    @BeforeEach
    void aConversation() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
        conversation = client.directChat(alice, bob);
    }

    @Test
    void conversationListWithWatermarksAndUnreadCounts() {
        send(alice, "one");
        send(alice, "two");
        send(alice, "three");
        send(bob, "four");
        watermark(bob, "delivered", 3);
        watermark(bob, "read", 2);

        JsonNode mine = await(() -> only(client.get("/api/v1/conversations", alice.accessToken())),
                c -> c.path("lastSeq").asLong() == 4);
        assertThat(mine.path("kind").asText()).isEqualTo("DIRECT");
        assertThat(mine.path("unreadCount").asLong()).as("bob's message").isEqualTo(1);
        assertThat(mine.path("lastMessage").path("text").asText()).isEqualTo("four");
        assertThat(mine.path("lastMessage").path("senderId").asText()).isEqualTo(bob.userId());
        assertThat(mine.path("members")).hasSize(2);

        JsonNode his = await(() -> only(client.get("/api/v1/conversations", bob.accessToken())),
                c -> c.path("readUpTo").asLong() == 2);
        assertThat(his.path("deliveredUpTo").asLong()).isEqualTo(3);
        assertThat(his.path("unreadCount").asLong()).as("alice's 3; his own 4 is not unread").isEqualTo(1);

        Response receipts = client.get(receipts(), alice.accessToken());
        assertThat(receipts.status()).isEqualTo(200);
        assertThat(receipts.body().path("lastSeq").asLong()).isEqualTo(4);
        JsonNode bobs = find(receipts.body().path("members"), m -> m.path("userId").asText().equals(bob.userId()));
        assertThat(bobs.path("deliveredUpTo").asLong()).isEqualTo(3);
        assertThat(bobs.path("readUpTo").asLong()).isEqualTo(2);
    }

    @Test
    void historyPagesBySeqWithStatusesOfOwnMessages() {
        for (int i = 1; i <= 5; i++) {
            send(i == 5 ? bob : alice, "m" + i);
        }
        watermark(bob, "delivered", 3);
        watermark(bob, "read", 1);
        await(() -> client.get(receipts(), alice.accessToken()).body(),
                r -> find(r.path("members"), m -> m.path("userId").asText().equals(bob.userId()))
                        .path("readUpTo").asLong() == 1 && r.path("lastSeq").asLong() == 5);

        JsonNode newest = client.get(messages() + "?limit=2", alice.accessToken()).body();
        assertThat(seqs(newest)).containsExactly(4L, 5L);
        assertThat(newest.path("hasOlder").asBoolean()).isTrue();
        assertThat(newest.path("hasNewer").asBoolean()).isFalse();

        JsonNode all = client.get(messages(), alice.accessToken()).body();
        assertThat(seqs(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
        JsonNode list = all.path("messages");
        assertThat(list.get(0).path("status").asText()).isEqualTo("read");
        assertThat(list.get(1).path("status").asText()).isEqualTo("delivered");
        assertThat(list.get(2).path("status").asText()).isEqualTo("delivered");
        assertThat(list.get(3).path("status").asText()).isEqualTo("sent");
        assertThat(list.get(4).path("status").isNull()).as("not alice's own").isTrue();
        assertThat(list.get(0).path("text").asText()).isEqualTo("m1");
        assertThat(list.get(0).path("sentAt").asText()).isNotBlank();
        assertThat(list.get(0).path("messageId").asText()).isNotBlank();

        assertThat(seqs(client.get(messages() + "?before=4&limit=2", alice.accessToken()).body())).containsExactly(2L, 3L);
        assertThat(seqs(client.get(messages() + "?after=3&limit=50", bob.accessToken()).body())).containsExactly(4L, 5L);
        assertThat(seqs(client.get(messages() + "?after=5", bob.accessToken()).body())).isEmpty();
        assertThat(client.get(messages() + "?before=1", bob.accessToken()).body().path("hasOlder").asBoolean()).isFalse();
    }

    @Test
    void syncStartsWithTheStateAndContinuesWithChangesInOrder() {
        send(alice, "before the new device");
        // the state is written before the feed's head moves: wait for a start whose cursor is past message 1 too
        Response start = await(() -> client.get("/api/v1/sync", bob.accessToken()),
                r -> r.body().path("conversations").size() == 1
                        && r.body().path("conversations").get(0).path("lastSeq").asLong() == 1
                        && client.get("/api/v1/sync?cursor=" + r.text("nextCursor"), bob.accessToken())
                                .body().path("changes").isEmpty());
        assertThat(start.body().path("changes")).isEmpty();
        assertThat(start.body().path("hasMore").asBoolean()).isFalse();
        String cursor = start.text("nextCursor");

        send(alice, "after");
        send(bob, "reply");
        watermark(alice, "read", 3);
        List<JsonNode> changes = new ArrayList<>();
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (changes.size() < 3 && Instant.now().isBefore(deadline)) {
            JsonNode page = client.get("/api/v1/sync?limit=1&cursor=" + cursor, bob.accessToken()).body();
            page.path("changes").forEach(changes::add);
            assertThat(page.path("changes").size()).isLessThanOrEqualTo(1);
            cursor = page.path("nextCursor").asText();
        }
        assertThat(changes).extracting(c -> c.path("type").asText())
                .containsExactly("message", "message", "read");
        assertThat(changes.get(0).path("message").path("text").asText()).isEqualTo("after");
        assertThat(changes.get(1).path("message").path("seq").asLong()).isEqualTo(3);
        assertThat(changes.get(2).path("userId").asText()).isEqualTo(alice.userId());
        assertThat(changes.get(2).path("seq").asLong()).isEqualTo(3);
        JsonNode end = client.get("/api/v1/sync?cursor=" + cursor, bob.accessToken()).body();
        assertThat(end.path("changes")).isEmpty();
        assertThat(end.path("hasMore").asBoolean()).isFalse();
        assertThat(end.path("nextCursor").asText()).isEqualTo(cursor);
    }

    @Test
    void aNewGroupMemberLearnsOfTheGroupThroughSync() {
        Session carol = client.registerAndLogin(uniqueName("carol"));
        String cursor = client.get("/api/v1/sync", carol.accessToken()).text("nextCursor");
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Trip", "memberIds", List.of(bob.userId()))).text("conversationId");
        client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(), Map.of("userIds", List.of(carol.userId())));
        String from = cursor;
        JsonNode page = await(() -> client.get("/api/v1/sync?cursor=" + from, carol.accessToken()).body(),
                p -> p.path("changes").size() > 0);
        JsonNode joined = page.path("changes").get(0);
        assertThat(joined.path("type").asText()).isEqualTo("conversation.joined");
        assertThat(joined.path("conversationId").asText()).isEqualTo(group);
        assertThat(joined.path("conversation").path("title").asText()).isEqualTo("Trip");
    }

    private void send(Session from, String text) {
        Response sent = client.post(messages(), from.accessToken(), Map.of("clientMessageId", text + "-" + System.nanoTime(), "text", text));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    }

    private void watermark(Session who, String kind, long upTo) {
        assertThat(client.post("/api/v1/conversations/" + conversation + "/" + kind, who.accessToken(),
                Map.of("upToSeq", upTo)).status()).isEqualTo(204);
    }

    private String messages() {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    private String receipts() {
        return "/api/v1/conversations/" + conversation + "/receipts";
    }

    private JsonNode only(Response list) {
        assertThat(list.status()).isEqualTo(200);
        return find(list.body().path("conversations"), c -> c.path("conversationId").asText().equals(conversation));
    }

    static JsonNode find(JsonNode array, Predicate<JsonNode> match) {
        for (JsonNode node : array) {
            if (match.test(node)) {
                return node;
            }
        }
        return JSON.nullNode();
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    /** Polls until the read model has caught up: the answer matches, or the deadline fails the test. */
    static <T> T await(Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(CATCH_UP);
        T last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("read model did not catch up within " + CATCH_UP + "; last answer: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }

    /** The raw body (e.g. NDJSON), which ParleyClient would parse as one JSON document. */
    static HttpResponse<String> getText(int port, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
