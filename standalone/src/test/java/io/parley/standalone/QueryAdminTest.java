package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** For analysts: the event export, the projections' progress, replay, and the delivery analytics. */
@ExtendWith(OutputCaptureExtension.class)
class QueryAdminTest extends StandaloneTest {

    private static final List<String> READ_MODELS = List.of("users", "conversations", "members", "messages", "reactions",
            "hiddenMessages", "messageChanges", "systemLines", "syncFeed",
            "syncHeads", "analyticsDays", "analyticsMessages", "analyticsWatermarks", "analyticsConversations");

    @Autowired
    MongoTemplate mongo;

    private Session analyst;
    private Session alice;
    private Session bob;
    private String conversation;

    @BeforeEach
    void people() {
        analyst = Analysts.analyst(client, "laptop");
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
        conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
    }

    @Test
    void exportsTheHistoryOverATimeRangeWithoutSecrets() {
        send(alice, "c-1", "first words");
        Instant mark = Instant.now();
        send(alice, "c-2", "second words");

        List<JsonNode> after = export("?conversationId=" + conversation + "&from=" + mark);
        assertThat(after).extracting(e -> e.path("type").asText()).containsExactly("io.parley.api.conversation.MessageSent");
        JsonNode line = after.get(0);
        assertThat(line.path("payload").path("seq").asLong()).isEqualTo(2);
        assertThat(line.path("payload").has("text")).as("no content unless asked").isFalse();
        assertThat(line.path("aggregateId").asText()).isEqualTo(conversation);
        assertThat(line.path("revision").asText()).as("3: with forwarded").isEqualTo("3");
        assertThat(line.path("position").asLong()).isPositive();
        assertThat(Instant.parse(line.path("timestamp").asText())).isAfterOrEqualTo(mark);

        List<JsonNode> before = export("?conversationId=" + conversation + "&to=" + mark);
        assertThat(before).extracting(e -> e.path("type").asText()).as("bob never talked with alice: a request")
                .containsExactly("io.parley.api.conversation.DirectConversationStarted",
                        "io.parley.api.conversation.MessageRequestOpened", "io.parley.api.conversation.MessageSent");

        List<JsonNode> withContent = export("?conversationId=" + conversation + "&type=MessageSent&includeContent=true");
        assertThat(withContent).extracting(e -> e.path("payload").path("text").asText())
                .containsExactly("first words", "second words");

        HttpResponse<String> everything = QueryFlowTest.getText(port, "/api/v1/admin/events", analyst.accessToken());
        assertThat(everything.statusCode()).isEqualTo(200);
        assertThat(everything.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        assertThat(everything.body()).contains("io.parley.api.account.AccountRegistered")
                .doesNotContain("passwordHash").doesNotContain("TokenHash").doesNotContain("second words");
    }

    @Test
    void exportsInviteLinksWithoutTheirTokenHash() {
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Links", "memberIds", List.of(bob.userId()))).text("conversationId");
        String token = client.post("/api/v1/conversations/" + group + "/invite-link", alice.accessToken(), null)
                .text("token");

        List<JsonNode> events = export("?conversationId=" + group);
        assertThat(events).extracting(e -> e.path("type").asText())
                .contains("io.parley.api.conversation.InviteLinkCreated");
        assertThat(events.toString()).doesNotContain("tokenHash").doesNotContain(token)
                .doesNotContain(io.parley.api.conversation.InviteTokens.hash(token));
    }

    @Test
    void aReplayRebuildsIdenticalReadModels() {
        for (int i = 1; i <= 30; i++) {
            send(i % 3 == 0 ? bob : alice, "r-" + i, "message " + i);
        }
        watermark(bob, "delivered", 25);
        watermark(bob, "read", 20);
        watermark(alice, "read", 30);
        // message actions: a reply, reactions (one replaced, one taken back), an edit, a deletion, a delete-for-me
        String messages = "/api/v1/conversations/" + conversation + "/messages";
        assertThat(client.post(messages, bob.accessToken(), Map.of("clientMessageId", "re-1", "text", "re", "replyTo", 29))
                .status()).isEqualTo(201);
        client.put(messages + "/29/reaction", bob.accessToken(), Map.of("emoji", "👍"));
        client.put(messages + "/29/reaction", bob.accessToken(), Map.of("emoji", "😂"));
        client.put(messages + "/28/reaction", alice.accessToken(), Map.of("emoji", "❤️"));
        client.delete(messages + "/28/reaction", alice.accessToken());
        assertThat(client.patch(messages + "/29", alice.accessToken(), Map.of("text", "edited")).status()).isEqualTo(204);
        assertThat(client.delete(messages + "/28", alice.accessToken()).status()).isEqualTo(204);
        assertThat(client.delete(messages + "/27?for=me", bob.accessToken()).status()).isEqualTo(204);
        Session carol = client.registerAndLogin(uniqueName("carol"));
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Replay", "memberIds", List.of(bob.userId(), carol.userId()))).text("conversationId");
        // groups people can run: each change, an invite link used and revoked
        String settings = "/api/v1/conversations/" + group;
        assertThat(client.put(settings + "/title", alice.accessToken(), Map.of("title", "Replayed")).status()).isEqualTo(204);
        assertThat(client.put(settings + "/description", alice.accessToken(), Map.of("description", "d")).status())
                .isEqualTo(204);
        assertThat(client.put(settings + "/admins/" + bob.userId(), alice.accessToken(), null).status()).isEqualTo(204);
        assertThat(client.delete(settings + "/admins/" + bob.userId(), alice.accessToken()).status()).isEqualTo(204);
        assertThat(client.put(settings + "/send-policy", alice.accessToken(), Map.of("onlyAdminsSend", true)).status())
                .isEqualTo(204);
        String token = client.post(settings + "/invite-link", alice.accessToken(), null).text("token");
        Session dave = client.registerAndLogin(uniqueName("dave"));
        assertThat(client.post(settings + "/join", dave.accessToken(), Map.of("token", token)).status()).isEqualTo(204);
        assertThat(client.delete(settings + "/invite-link", alice.accessToken()).status()).isEqualTo(204);
        Analysts.awaitCaughtUp(client, analyst); // a forward copies the message as the read model has it
        assertThat(client.post(messages + "/26/forward", alice.accessToken(),
                Map.of("to", group, "clientMessageId", "fw-1")).status()).isEqualTo(201);
        client.delete("/api/v1/conversations/" + group + "/members/" + alice.userId(), alice.accessToken());

        Analysts.awaitCaughtUp(client, analyst);
        Map<String, List<String>> live = dump();
        String analytics = analytics().toString();
        assertThat(mongo.getCollection("messages").find().into(new ArrayList<>()).stream()
                .mapToInt(bucket -> bucket.get("m", Document.class).size()).sum())
                .as("messages projected, 64 to a bucket").isGreaterThanOrEqualTo(30);
        // not from any event: a rebuild must drop them
        mongo.getCollection("messages").insertOne(new Document("_id", "stale"));
        mongo.getCollection("analyticsDays").insertOne(new Document("_id", "stale"));

        for (String projection : List.of("conversations", "analytics")) {
            Response replay = client.post("/api/v1/admin/projections/" + projection + "/replay", analyst.accessToken(), null);
            assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
            assertThat(replay.text("name")).isEqualTo(projection);
        }
        Analysts.awaitCaughtUp(client, analyst);

        assertThat(dump()).isEqualTo(live);
        assertThat(analytics().toString()).isEqualTo(analytics);
    }

    @Test
    void aReplayOfReadModelsNeverWrittenYetIsNoError(CapturedOutput output) {
        // a read model of an event nobody sent yet, as on a young installation
        if (mongo.collectionExists("blocks")) {
            mongo.dropCollection("blocks");
        }
        Response replay = client.post("/api/v1/admin/projections/conversations/replay", analyst.accessToken(), null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        Analysts.awaitCaughtUp(client, analyst);

        assertThat(output.getAll()).doesNotContain("ERROR");
    }

    @Test
    void analyticsCountTodaysMessagesAndLatencies() {
        Analysts.awaitCaughtUp(client, analyst);
        long before = today().path("messagesSent").asLong();
        send(alice, "a-1", "hello");
        send(alice, "a-2", "again");
        watermark(bob, "read", 2);

        JsonNode day = QueryFlowTest.await(this::today, d -> d.path("messagesSent").asLong() >= before + 2
                && d.path("sentToRead").path("samples").asLong() >= 2);
        assertThat(day.path("sentToDelivered").path("p50Millis").isNumber()).isTrue();
        assertThat(day.path("sentToRead").path("p99Millis").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void projectionsShowTheirProgress() {
        send(alice, "p-1", "progress");
        List<JsonNode> projections = Analysts.awaitCaughtUp(client, analyst);
        assertThat(projections).extracting(p -> p.path("name").asText()).containsExactly("conversations", "analytics");
        for (JsonNode projection : projections) {
            assertThat(projection.path("running").asBoolean()).isTrue();
            assertThat(projection.path("lag").asLong()).isZero();
            assertThat(projection.path("replaying").asBoolean()).isFalse();
            assertThat(projection.path("head").asLong()).isEqualTo(projection.path("position").asLong());
            // this node holds every segment, each as far as the head
            JsonNode segments = projection.path("segments");
            assertThat(segments.size()).as(projection.toString()).isPositive();
            double whole = 0;
            for (JsonNode segment : segments) {
                assertThat(segment.path("node").asText()).as("pid@host").contains("@");
                assertThat(segment.path("position").asLong()).isEqualTo(projection.path("head").asLong());
                assertThat(segment.path("caughtUp").asBoolean()).isTrue();
                whole += 1.0 / segment.path("onePartOf").asInt();
            }
            assertThat(whole).as("the segments make up the whole processor").isCloseTo(1.0, within(1e-9));
        }
    }

    private JsonNode today() {
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        return client.get("/api/v1/analytics/delivery?from=" + day + "&to=" + day, analyst.accessToken())
                .body().path("days").get(0);
    }

    private JsonNode analytics() {
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        return client.get("/api/v1/analytics/delivery?from=" + LocalDate.parse(day).minusDays(1) + "&to=" + day,
                analyst.accessToken()).body();
    }

    private Map<String, List<String>> dump() {
        return ReadModelDump.of(mongo, READ_MODELS);
    }

    @Test
    void analystsSeeEveryVersionOfAnEditedMessageAndNoTextUnlessTheyAsk() {
        send(alice, "c-1", "first draft");
        assertThat(client.patch("/api/v1/conversations/" + conversation + "/messages/1", alice.accessToken(),
                Map.of("text", "second draft")).status()).isEqualTo(204);
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", bob.accessToken(),
                Map.of("clientMessageId", "b-1", "text", "ok", "replyTo", 1)).status()).isEqualTo(201);

        List<JsonNode> withContent = export("?conversationId=" + conversation + "&includeContent=true");
        assertThat(withContent).extracting(e -> e.path("payload").path("text").asText(null))
                .contains("first draft", "second draft");
        List<JsonNode> without = export("?conversationId=" + conversation);
        assertThat(without.toString()).doesNotContain("draft");
        assertThat(without).extracting(e -> e.path("type").asText())
                .contains("io.parley.api.conversation.MessageEdited");
    }

    private List<JsonNode> export(String query) {
        HttpResponse<String> response = QueryFlowTest.getText(port, "/api/v1/admin/events"
                + query.replace("+", URLEncoder.encode("+", StandardCharsets.UTF_8)), analyst.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(QueryFlowTest.JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }

    private void send(Session from, String clientMessageId, String text) {
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", from.accessToken(),
                Map.of("clientMessageId", clientMessageId, "text", text)).status()).isEqualTo(201);
    }

    private void watermark(Session who, String kind, long upTo) {
        assertThat(client.post("/api/v1/conversations/" + conversation + "/" + kind, who.accessToken(),
                Map.of("upToSeq", upTo)).status()).isEqualTo(204);
    }
}
