package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.parley.standalone.KillMidBurst.Ack;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.assertj.core.api.SoftAssertions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read models survive kill -9: a projection's read-model write and its processor's token are not written
 * atomically (the read model first, then the token), so after a crash a batch the read model already has may be
 * delivered again. It must neither duplicate nor lose anything: history, conversation list, receipts, sync feed
 * and analytics come out exactly as the event store says, however the crash fell.
 *
 * <p>The app is killed while messages pour in. The files as the kill left them (copies) must have in the read
 * models every event the tokens had passed: a read-model write lost while its token moved on would show there.
 * Where the kill falls is luck, though; so that a re-delivery is certain, the query side's tokens are then wound
 * back, while the app is dead, {@link #REWIND} events: the read models hold events their tokens say were never
 * handled, which is what a kill between the read-model write and the token commit leaves, only wider. Restarted,
 * the processors handle those events again; then the REST read API must show the event store's messages, each
 * exactly once.
 */
class ReadModelDurabilityTest {

    private static final int SENDERS = 6;
    private static final int MESSAGES_PER_SENDER = 50;
    private static final int ACKS_BEFORE_KILL = 150;
    private static final int REWIND = 120;
    private static final Duration CATCH_UP = Duration.ofSeconds(45);
    private static final List<String> QUERY_PROCESSORS = List.of("conversations", "analytics");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Stored(long globalIndex, long seq, String messageId, String clientMessageId) {
    }

    @Test
    void everyAcknowledgedMessageIsInTheReadModelsExactlyOnceAfterKillMinus9AndRedelivery(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Path log = Files.createDirectories(Path.of("target")).resolve("read-model-durability-test-parley.log");
        Files.deleteIfExists(log);
        Map<String, Ack> acknowledged;
        String conversation;
        String alicesStart;
        String bobsStart;

        StandaloneProcess parley = StandaloneProcess.start(dataDir, log);
        try {
            ParleyClient client = new ParleyClient(parley.port);
            Session alice = client.registerAndLogin("alice");
            Session bob = client.registerAndLogin("bob");
            // before any conversation: the cursors at the very start of their feeds
            alicesStart = client.get("/api/v1/sync", alice.accessToken()).text("nextCursor");
            bobsStart = client.get("/api/v1/sync", bob.accessToken()).text("nextCursor");
            conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                    Map.of("peerUserId", bob.userId())).text("conversationId");

            // only alice writes, bob never reads: his unread count is the whole conversation
            acknowledged = KillMidBurst.sendAndKill(parley, client, conversation, List.of(alice), SENDERS, "s",
                    MESSAGES_PER_SENDER, ACKS_BEFORE_KILL);
        } finally {
            parley.killHard();
        }
        assertThat(acknowledged).as("acks before the kill").hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(acknowledged.size()).as("killed while sending").isLessThan(SENDERS * MESSAGES_PER_SENDER);

        SoftAssertions softly = new SoftAssertions();
        System.out.println("[ReadModelDurabilityTest] at the kill, " + acknowledged.size() + " messages acknowledged; "
                + checkFilesAtKill(softly, dataDir, tmp.resolve("at-kill"), conversation));

        Map<String, Long> rewound = rewindTokens(dataDir);
        System.out.println("[ReadModelDurabilityTest] tokens wound back by " + REWIND + " events: " + rewound);
        Snapshot afterRedelivery;
        try (StandaloneProcess restarted = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(restarted.port);
            // the tests' analyst: src/test/resources/config/application.yml is on the child's classpath too
            client.register("query_analyst");
            afterRedelivery = snapshot(client, conversation, alicesStart, bobsStart);
        }

        List<Stored> stored;
        try (Connection db = DriverManager.getConnection(sqliteUrl(dataDir.resolve("eventstore"), "events.db"))) {
            stored = storedMessages(db, conversation);
        }
        // the event store is the truth: the acknowledged messages, each once, seq gapless (as DurabilityTest proves)
        long lastSeq = stored.size();
        assertThat(stored).extracting(Stored::seq).as("event store seqs").containsExactlyElementsOf(range(1, lastSeq));
        Map<String, Ack> storedByClientId = new HashMap<>();
        stored.forEach(m -> storedByClientId.put(m.clientMessageId(), new Ack(m.messageId(), m.seq())));
        assertThat(storedByClientId).hasSize(stored.size()).containsAllEntriesOf(acknowledged);
        System.out.println("[ReadModelDurabilityTest] " + lastSeq + " messages stored, " + acknowledged.size()
                + " of them acknowledged");

        assertMatches(softly, "after kill -9 and re-delivery", afterRedelivery, stored, acknowledged);
        softly.assertAll();
    }

    /** A client's view of everything the read models hold of the conversation, once both processors caught up. */
    private static Snapshot snapshot(ParleyClient client, String conversation, String alicesStart, String bobsStart)
            throws InterruptedException {
        Session alice = client.login("alice", "phone");
        Session bob = client.login("bob", "phone");
        Session analyst = client.login("query_analyst", "laptop");
        awaitCaughtUp(client, analyst);
        return new Snapshot(
                history(client, bob, conversation),
                history(client, alice, conversation),
                only(client.get("/api/v1/conversations", alice.accessToken()), conversation),
                only(client.get("/api/v1/conversations", bob.accessToken()), conversation),
                client.get("/api/v1/conversations/" + conversation + "/receipts", bob.accessToken()).body(),
                feed(client, bob, bobsStart),
                feed(client, alice, alicesStart),
                messagesSentLately(client, analyst));
    }

    /** Every read model agrees with the event store: each stored message once, with its seq, nothing else. */
    private static void assertMatches(SoftAssertions softly, String phase, Snapshot snapshot, List<Stored> stored,
                                      Map<String, Ack> acknowledged) {
        long lastSeq = stored.size();
        List<String> messageIds = stored.stream().map(Stored::messageId).toList();
        List<String> clientMessageIds = stored.stream().map(Stored::clientMessageId).toList();

        // history: every stored message once, with its seq, id and text (= clientMessageId); gapless 1..lastSeq
        for (Map.Entry<String, List<JsonNode>> member : Map.of("bob", snapshot.bobsHistory(),
                "alice", snapshot.alicesHistory()).entrySet()) {
            List<JsonNode> history = member.getValue();
            softly.assertThat(history).extracting(m -> m.path("seq").asLong())
                    .as("%s: %s's history seqs", phase, member.getKey()).containsExactlyElementsOf(range(1, lastSeq));
            softly.assertThat(history).extracting(m -> m.path("messageId").asText())
                    .as("%s: %s's history message ids", phase, member.getKey()).containsExactlyElementsOf(messageIds);
            softly.assertThat(history).extracting(m -> m.path("text").asText())
                    .as("%s: %s's history texts", phase, member.getKey()).containsExactlyElementsOf(clientMessageIds);
        }
        Map<Long, JsonNode> historyBySeq = new TreeMap<>();
        snapshot.bobsHistory().forEach(m -> historyBySeq.put(m.path("seq").asLong(), m));
        for (Map.Entry<String, Ack> ack : acknowledged.entrySet()) {
            JsonNode inHistory = historyBySeq.get(ack.getValue().seq());
            softly.assertThat(inHistory == null ? null : new Ack(inHistory.path("messageId").asText(),
                            inHistory.path("seq").asLong()))
                    .as("%s: acknowledged %s in history", phase, ack.getKey()).isEqualTo(ack.getValue());
        }
        softly.assertThat(snapshot.alicesHistory()).extracting(m -> m.path("status").asText())
                .as("%s: status of alice's own messages (bob acknowledged none)", phase).containsOnly("sent");

        // conversation list: last seq and message, unread counts
        for (Map.Entry<String, JsonNode> member : Map.of("alice", snapshot.alicesSummary(),
                "bob", snapshot.bobsSummary()).entrySet()) {
            JsonNode summary = member.getValue();
            softly.assertThat(summary.path("lastSeq").asLong()).as("%s: lastSeq in %s's list", phase, member.getKey())
                    .isEqualTo(lastSeq);
            softly.assertThat(summary.path("lastMessage").path("seq").asLong())
                    .as("%s: last message seq in %s's list", phase, member.getKey()).isEqualTo(lastSeq);
            softly.assertThat(summary.path("lastMessage").path("text").asText())
                    .as("%s: last message text in %s's list", phase, member.getKey())
                    .isEqualTo(clientMessageIds.get(clientMessageIds.size() - 1));
        }
        softly.assertThat(snapshot.bobsSummary().path("unreadCount").asLong())
                .as("%s: bob's unread count (he never read)", phase).isEqualTo(lastSeq);
        softly.assertThat(snapshot.bobsSummary().path("readUpTo").asLong()).as("%s: bob's readUpTo", phase).isZero();
        softly.assertThat(snapshot.bobsSummary().path("deliveredUpTo").asLong()).as("%s: bob's deliveredUpTo", phase)
                .isZero();
        softly.assertThat(snapshot.alicesSummary().path("unreadCount").asLong())
                .as("%s: alice's unread count (her own are never unread)", phase).isZero();
        softly.assertThat(snapshot.receipts().path("lastSeq").asLong()).as("%s: receipts' lastSeq", phase)
                .isEqualTo(lastSeq);

        // sync feeds: joined once, first, then each message once, in seq order
        for (Map.Entry<String, List<JsonNode>> member : Map.of("bob", snapshot.bobsFeed(),
                "alice", snapshot.alicesFeed()).entrySet()) {
            List<JsonNode> feed = member.getValue();
            softly.assertThat(feed).extracting(c -> c.path("type").asText())
                    .as("%s: %s's feed, entry types", phase, member.getKey())
                    .startsWith("conversation.joined").containsOnly("conversation.joined", "message")
                    .filteredOn("conversation.joined"::equals).hasSize(1);
            List<JsonNode> messages = feed.stream().filter(c -> c.path("type").asText().equals("message")).toList();
            softly.assertThat(messages).extracting(c -> c.path("seq").asLong())
                    .as("%s: %s's feed, message seqs", phase, member.getKey()).containsExactlyElementsOf(range(1, lastSeq));
            softly.assertThat(messages).extracting(c -> c.path("message").path("messageId").asText())
                    .as("%s: %s's feed, messages", phase, member.getKey()).containsExactlyElementsOf(messageIds);
        }

        // analytics (a processor of its own): each message counted once
        softly.assertThat(snapshot.messagesSentLately()).as("%s: analytics, messages sent yesterday and today", phase)
                .isEqualTo(lastSeq);
    }

    record Snapshot(List<JsonNode> bobsHistory, List<JsonNode> alicesHistory, JsonNode alicesSummary,
                    JsonNode bobsSummary, JsonNode receipts, List<JsonNode> bobsFeed, List<JsonNode> alicesFeed,
                    long messagesSentLately) {
    }

    /** The whole history, oldest first, paged forward by seq as a client would. */
    private static List<JsonNode> history(ParleyClient client, Session who, String conversation) {
        List<JsonNode> messages = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 100; page++) {
            Response response = client.get("/api/v1/conversations/" + conversation + "/messages?limit=200&after=" + after,
                    who.accessToken());
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.body().path("messages").forEach(messages::add);
            if (!response.body().path("hasNewer").asBoolean() || response.body().path("messages").isEmpty()) {
                break;
            }
            after = response.body().path("messages").get(response.body().path("messages").size() - 1).path("seq").asLong();
        }
        return messages;
    }

    /** Every change of the user's feed after the cursor, page by page. */
    private static List<JsonNode> feed(ParleyClient client, Session who, String cursor) {
        List<JsonNode> changes = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            Response response = client.get("/api/v1/sync?limit=500&cursor=" + cursor, who.accessToken());
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.body().path("changes").forEach(changes::add);
            cursor = response.text("nextCursor");
            if (!response.body().path("hasMore").asBoolean()) {
                break;
            }
        }
        return changes;
    }

    private static JsonNode only(Response list, String conversation) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body().path("conversations")).as("conversation list").hasSize(1);
        JsonNode summary = list.body().path("conversations").get(0);
        assertThat(summary.path("conversationId").asText()).isEqualTo(conversation);
        return summary;
    }

    private static long messagesSentLately(ParleyClient client, Session analyst) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Response response = client.get("/api/v1/analytics/delivery?from=" + today.minusDays(1) + "&to=" + today,
                analyst.accessToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        long sent = 0;
        for (JsonNode day : response.body().path("days")) {
            sent += day.path("messagesSent").asLong();
        }
        return sent;
    }

    /** Both query-side processors have handled every event in the store, without an error. */
    private static void awaitCaughtUp(ParleyClient client, Session analyst) throws InterruptedException {
        await(() -> client.get("/api/v1/admin/projections", analyst.accessToken()).body(), statuses -> {
            int caughtUp = 0;
            for (JsonNode status : statuses) {
                assertThat(status.path("error").isNull()).as("processor failing: %s", status).isTrue();
                if (QUERY_PROCESSORS.contains(status.path("name").asText()) && status.path("running").asBoolean()
                        && status.path("head").asLong() > 0
                        && status.path("position").asLong() >= status.path("head").asLong()) {
                    caughtUp++;
                }
            }
            return caughtUp == QUERY_PROCESSORS.size();
        });
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(CATCH_UP);
        T last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the projections did not catch up within " + CATCH_UP + "; last: " + last);
            }
            Thread.sleep(100);
            last = read.get();
        }
        return last;
    }

    /**
     * The files as the kill left them, read from copies (the data directory stays as it is): every message event a
     * query-side token had passed must be in that processor's read models, and nothing in them twice. Returns where
     * tokens and read models stood; a read model ahead of its token means the kill fell between the two writes.
     */
    private static String checkFilesAtKill(SoftAssertions softly, Path dataDir, Path copy, String conversation)
            throws Exception {
        Files.createDirectories(copy);
        // SQLite's files with their write-ahead logs (what a commit wrote lives there until a checkpoint)
        for (String file : List.of("events.db", "events.db-wal", "tokens.db", "tokens.db-wal")) {
            if (Files.exists(dataDir.resolve("eventstore").resolve(file))) {
                Files.copy(dataDir.resolve("eventstore").resolve(file), copy.resolve(file));
            }
        }
        for (String file : List.of("readmodels.db", "readmodels.db-wal")) {
            if (Files.exists(dataDir.resolve("readmodels").resolve(file))) {
                Files.copy(dataDir.resolve("readmodels").resolve(file), copy.resolve(file));
            }
        }
        Map<String, JsonNode> tokens = new TreeMap<>();
        List<Stored> stored;
        try (Connection db = DriverManager.getConnection(sqliteUrl(copy, "tokens.db"))) {
            try (PreparedStatement query = db.prepareStatement("SELECT processor_name, token FROM token_entry");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (QUERY_PROCESSORS.contains(rows.getString(1)) && rows.getBytes(2) != null) {
                        tokens.put(rows.getString(1), JSON.readTree(rows.getBytes(2)));
                    }
                }
            }
        }
        try (Connection db = DriverManager.getConnection(sqliteUrl(copy, "events.db"))) {
            stored = storedMessages(db, conversation);
        }
        assertThat(tokens).as("tokens at the kill").containsOnlyKeys(QUERY_PROCESSORS);
        List<Stored> passedByConversations = stored.stream().filter(m -> passed(tokens.get("conversations"), m)).toList();
        List<Long> passedSeqs = passedByConversations.stream().map(Stored::seq).toList();
        long passedByAnalytics = stored.stream().filter(m -> passed(tokens.get("analytics"), m)).count();
        long lastPassedIndex = passedByConversations.stream().mapToLong(Stored::globalIndex).max().orElse(-1);

        StringBuilder state = new StringBuilder("tokens at ").append(tokens.get("conversations").path("index"))
                .append(" (conversations) and ").append(tokens.get("analytics").path("index"))
                .append(" (analytics), ").append(stored.size()).append(" messages stored, ")
                .append(passedSeqs.size()).append(" passed by the conversations token");
        ReadModelFiles.withDatabase(copy.resolve("readmodels.db"), readModels -> {
            List<Long> projected = new ArrayList<>();
            for (Document bucket : readModels.getCollection("messages").find(Filters.eq("conversationId", conversation))) {
                bucket.get("m", new Document()).keySet().forEach(seq -> projected.add(Long.parseLong(seq)));
            }
            softly.assertThat(projected).as("at the kill: messages in history that the conversations token passed")
                    .containsAll(passedSeqs).doesNotHaveDuplicates();
            Document summary = readModels.getCollection("conversations").find(Filters.eq("_id", conversation)).first();
            softly.assertThat(summary).as("at the kill: the conversation").isNotNull();
            List<String> members = summary == null ? List.of() : summary.getList("members", String.class, List.of());
            softly.assertThat(summary == null ? 0 : summary.get("lastSeq", Number.class).longValue())
                    .as("at the kill: the conversation's lastSeq")
                    .isGreaterThanOrEqualTo(passedSeqs.stream().mapToLong(Long::longValue).max().orElse(0));
            state.append("; in the read models ").append(projected.size()).append(" messages");
            for (String member : members) {
                List<Long> feedSeqs = new ArrayList<>();
                for (Document bucket : readModels.getCollection("syncFeed").find(Filters.eq("owner", member))) {
                    for (Object entry : bucket.get("e", new Document()).values()) {
                        if (entry instanceof Document change && "message".equals(change.getString("type"))) {
                            feedSeqs.add(change.get("seq", Number.class).longValue());
                        }
                    }
                }
                softly.assertThat(feedSeqs).as("at the kill: messages in %s's sync feed", member)
                        .containsAll(passedSeqs).doesNotHaveDuplicates();
                Document head = readModels.getCollection("syncHeads").find(Filters.eq("_id", member)).first();
                long headPosition = head == null ? -1 : head.get("position", Number.class).longValue();
                softly.assertThat(headPosition).as("at the kill: the head of %s's sync feed", member)
                        .isGreaterThanOrEqualTo(lastPassedIndex);
                state.append(", ").append(feedSeqs.size()).append(" in a feed up to event ").append(headPosition);
            }
            long counted = 0;
            for (Document day : readModels.getCollection("analyticsDays").find()) {
                counted += day.get("sent", Number.class).longValue();
            }
            softly.assertThat(counted).as("at the kill: messages counted by analytics")
                    .isBetween(passedByAnalytics, (long) stored.size());
            state.append(", ").append(counted).append(" counted by analytics (").append(passedByAnalytics)
                    .append(" passed by its token)");
            state.append(projected.size() > passedSeqs.size()
                    ? ": read models AHEAD of their token, the kill fell between the two writes"
                    : ": read models not ahead of their token");
        });
        return state.toString();
    }

    /** Whether a (gap-aware) token has passed the event. */
    private static boolean passed(JsonNode token, Stored message) {
        if (message.globalIndex() > token.path("index").asLong()) {
            return false;
        }
        for (JsonNode gap : token.path("gaps")) {
            if (gap.asLong() == message.globalIndex()) {
                return false;
            }
        }
        return true;
    }

    private static String sqliteUrl(Path directory, String file) {
        return "jdbc:sqlite:" + directory.toAbsolutePath().resolve(file);
    }

    /**
     * Winds the query side's tokens back by {@link #REWIND} events (in the event store's token file), as a crash after the read-model write and before the token commit would, only further.
     */
    private static Map<String, Long> rewindTokens(Path dataDir) throws Exception {
        Map<String, Long> rewound = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(sqliteUrl(dataDir.resolve("eventstore"), "tokens.db"))) {
            db.setAutoCommit(false);
            try (PreparedStatement query = db.prepareStatement("SELECT processor_name, segment, token FROM token_entry");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String processor = rows.getString(1);
                    if (!QUERY_PROCESSORS.contains(processor)) {
                        continue;
                    }
                    ObjectNode token = (ObjectNode) JSON.readTree(rows.getBytes(3));
                    long index = token.path("index").asLong();
                    long back = Math.max(-1, index - REWIND);
                    ArrayNode gaps = JSON.createArrayNode();
                    token.path("gaps").forEach(gap -> {
                        if (gap.asLong() < back) {
                            gaps.add(gap);
                        }
                    });
                    token.put("index", back);
                    token.set("gaps", gaps);
                    try (PreparedStatement update = db.prepareStatement(
                            "UPDATE token_entry SET token = ? WHERE processor_name = ? AND segment = ?")) {
                        update.setBytes(1, JSON.writeValueAsBytes(token));
                        update.setString(2, processor);
                        update.setInt(3, rows.getInt(2));
                        assertThat(update.executeUpdate()).isEqualTo(1);
                    }
                    rewound.put(processor, index);
                    rewound.put(processor + " now", back);
                }
            }
            db.commit();
        }
        assertThat(rewound).as("tokens of both query-side processors").hasSize(2 * QUERY_PROCESSORS.size());
        return rewound;
    }

    /** The conversation's MessageSent events in the event store, in seq order. */
    private static List<Stored> storedMessages(Connection db, String conversation) throws Exception {
        List<Stored> messages = new ArrayList<>();
        Set<Long> indexes = new HashSet<>();
        try (PreparedStatement query = db.prepareStatement("SELECT global_index, payload FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND payload_type = ? ORDER BY sequence_number")) {
            query.setString(1, conversation);
            query.setString(2, "io.parley.api.conversation.MessageSent");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    JsonNode message = JSON.readTree(rows.getBytes(2));
                    assertThat(indexes.add(rows.getLong(1))).isTrue();
                    messages.add(new Stored(rows.getLong(1), message.path("seq").asLong(),
                            message.path("messageId").asText(), message.path("clientMessageId").asText()));
                }
            }
        }
        return messages;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
