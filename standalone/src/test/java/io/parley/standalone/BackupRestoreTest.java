package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.KillMidBurst.Ack;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.parley.standalone.QueryAccessTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An online backup taken while senders keep sending, restored into a fresh directory and started as a Parley of its
 * own: every message acknowledged before the backup, and every one whose seq it covers, is there once, in seq order,
 * and the read models (copied with their tracking tokens, which resume where the copy left them) agree with them.
 */
class BackupRestoreTest extends StandaloneTest {

    private static final String BACKUP = "/api/v1/admin/backup";
    private static final int SENDERS = 4;

    private final MediaStorageClient s3 = new MediaStorageClient();

    @Test
    void aBackupTakenMidTrafficRestoresEveryAcknowledgedMessageOnceWithReadModelsThatAgree(@TempDir Path tmp)
            throws Exception {
        Session analyst = Analysts.analyst(client, "backup");
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        Session carol = client.registerAndLogin(uniqueName("carol"));
        String withBob = direct(alice, bob);
        String withCarol = direct(alice, carol);
        byte[] png = MediaFixtures.png(300, 200);
        String mediaId = uploadImage(alice, png);

        // senders: thread t sends into conversations[t % 2] as senders[t], text = clientMessageId
        List<String> conversations = List.of(withBob, withCarol);
        List<Session> senders = List.of(alice, alice, bob, carol);
        Map<String, Map<String, Ack>> acks = new ConcurrentHashMap<>(Map.of(withBob, new ConcurrentHashMap<>(),
                withCarol, new ConcurrentHashMap<>()));
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> sent = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            String conversation = conversations.get(t % 2);
            Session sender = senders.get(t);
            String prefix = "s" + t + "-";
            sent.add(pool.submit(() -> {
                for (int n = 0; sending.get(); n++) {
                    Response answer = client.post("/api/v1/conversations/" + conversation + "/messages",
                            sender.accessToken(), Map.of("clientMessageId", prefix + n, "text", prefix + n));
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
                    acks.get(conversation).put(prefix + n, new Ack(answer.text("messageId"), answer.body().path("seq").asLong()));
                }
                return null;
            }));
        }
        awaitAcks(acks, 150);
        Map<String, Map<String, Ack>> ackedBeforeBackup = copy(acks);
        Response backup = client.post(BACKUP, analyst.accessToken(), null);
        int ackedWhenAnswered = count(acks);
        awaitAcks(acks, ackedWhenAnswered + 100);
        sending.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (Future<?> sender : sent) {
            sender.get();
        }

        assertThat(backup.status()).as(backup.toString()).isEqualTo(201);
        Path backupDir = Path.of(backup.text("directory"));
        long lastGlobalIndex = backup.body().path("lastGlobalIndex").asLong();
        assertThat(backupDir).isDirectory().hasParent(Path.of(DATA_DIR + "-backups"));
        assertThat(backup.body().path("events").asLong()).isPositive();
        assertThat(backup.body().path("bytes").path("eventStore").asLong()).isEqualTo(
                Files.size(backupDir.resolve("eventstore/events.db")) + Files.size(backupDir.resolve("eventstore/tokens.db")));
        assertThat(backup.body().path("bytes").path("readModels").asLong())
                .isEqualTo(Files.size(backupDir.resolve("readmodels/readmodels.db")));
        assertThat(backup.body().path("bytes").path("media").asLong()).isGreaterThanOrEqualTo(png.length);
        assertThat(lastIndexIn(backupDir)).as("the reported global index is the copy's last").isEqualTo(lastGlobalIndex);
        assertPrivate(backupDir);
        Path readModelsCopy = Files.createDirectories(tmp.resolve("read-models-in-backup")).resolve("readmodels.db");
        Files.copy(backupDir.resolve("readmodels/readmodels.db"), readModelsCopy);
        ReadModelFiles.withDatabase(readModelsCopy, readModels -> assertThat(conversations).as("the backup's read models")
                .allMatch(id -> readModels.getCollection("conversations").find(Filters.eq("_id", id)).first() != null));

        Path restored = tmp.resolve("restored");
        Process copy = new ProcessBuilder("cp", "-a", backupDir.toString(), restored.toString()).inheritIO().start();
        assertThat(copy.waitFor()).as("cp -a, as the README says").isZero();
        Path log = Files.createDirectories(Path.of("target")).resolve("backup-restore-test-parley.log");
        try (StandaloneProcess parley = StandaloneProcess.start(restored, log)) {
            ParleyClient restoredClient = new ParleyClient(parley.port);
            // the tokens issued before the backup still work: the key pair is in it
            JsonNode projections = await(() -> restoredClient.get("/api/v1/admin/projections", analyst.accessToken()),
                    answer -> answer.status() == 200 && caughtUp(answer.body(), lastGlobalIndex)).body();
            assertThat(projections).hasSize(2);

            Map<String, Long> lastSeqs = new HashMap<>();
            for (String conversation : conversations) {
                List<JsonNode> history = history(restoredClient, alice, conversation);
                long lastSeq = history.size();
                lastSeqs.put(conversation, lastSeq);
                assertThat(history).extracting(m -> m.path("seq").asLong()).as("gapless from 1, in order")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, lastSeq).boxed().toList());
                Set<String> texts = new HashSet<>();
                for (JsonNode message : history) {
                    assertThat(texts.add(message.path("text").asText())).as("%s restored once", message).isTrue();
                    Ack acked = acks.get(conversation).get(message.path("text").asText());
                    if (acked != null) {
                        assertThat(new Ack(message.path("messageId").asText(), message.path("seq").asLong()))
                                .as("as acknowledged").isEqualTo(acked);
                    }
                }
                for (Map.Entry<String, Ack> ack : acks.get(conversation).entrySet()) {
                    if (ack.getValue().seq() <= lastSeq) {
                        JsonNode message = history.get((int) ack.getValue().seq() - 1);
                        assertThat(message.path("text").asText()).as("seq %d covered by the backup", ack.getValue().seq())
                                .isEqualTo(ack.getKey());
                    }
                }
                assertThat(ackedBeforeBackup.get(conversation).values()).as("acknowledged before the backup began")
                        .allMatch(ack -> ack.seq() <= lastSeq);
            }
            assertThat(count(acks)).as("sending went on after the backup point")
                    .isGreaterThan(lastSeqs.values().stream().mapToInt(Long::intValue).sum());

            JsonNode listed = restoredClient.get("/api/v1/conversations?limit=500", alice.accessToken()).body();
            for (String conversation : conversations) {
                JsonNode summary = stream(listed.path("conversations"))
                        .filter(c -> c.path("conversationId").asText().equals(conversation)).findFirst().orElseThrow();
                assertThat(summary.path("lastSeq").asLong()).as("the conversation list agrees with the history")
                        .isEqualTo(lastSeqs.get(conversation));
            }

            // threads 0 and 2 sent to bob's conversation, as alice and as bob: retry the first and the last restored
            String lastRestored = "s0-0";
            for (Map.Entry<String, Ack> ack : acks.get(withBob).entrySet()) {
                if (ack.getValue().seq() == lastSeqs.get(withBob)) {
                    lastRestored = ack.getKey();
                }
            }
            for (String clientMessageId : List.of("s0-0", lastRestored)) {
                Session sender = clientMessageId.startsWith("s0-") ? alice : bob;
                Response retried = restoredClient.post("/api/v1/conversations/" + withBob + "/messages",
                        sender.accessToken(), Map.of("clientMessageId", clientMessageId, "text", "retry"));
                assertThat(new Ack(retried.text("messageId"), retried.body().path("seq").asLong()))
                        .as("a retry of restored %s answers the original", clientMessageId)
                        .isEqualTo(acks.get(withBob).get(clientMessageId));
            }
            Response next = restoredClient.post("/api/v1/conversations/" + withBob + "/messages", alice.accessToken(),
                    Map.of("clientMessageId", "after-restore", "text", "still here"));
            assertThat(next.body().path("seq").asLong()).isEqualTo(lastSeqs.get(withBob) + 1);

            JsonNode media = restoredClient.get("/api/v1/media/" + mediaId, alice.accessToken()).body();
            assertThat(media.path("status").asText()).isEqualTo("READY");
            MediaStorageClient.Result original = s3.get(media.path("url").asText());
            assertThat(original.body()).as("the media objects are restored").isEqualTo(png);
            assertThat(original.headers().firstValue("Content-Type")).as("with their stored type")
                    .contains("image/png");
            assertThat(s3.get(media.path("thumbnailUrl").asText()).status()).isEqualTo(200);
        }
    }

    @Test
    void onlyAdminsMayTakeABackup() {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        assertProblem(client.post(BACKUP, alice.accessToken(), null), 403, "not-a-parley-admin");
        assertProblem(client.post(BACKUP, null, null), 401, "unauthenticated");
    }

    /** Whether two overlap depends on timing: each asker gets a complete backup of its own or a 409, nothing else. */
    @Test
    void backupsAskedForTogetherAreTakenOneAtATime() throws Exception {
        Session analyst = Analysts.analyst(client, "backup");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.post(BACKUP, analyst.accessToken(), null);
                }));
            }
            start.countDown();
            Set<String> directories = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                if (response.status() == 409) {
                    assertProblem(response, 409, "backup-running");
                } else {
                    assertThat(response.status()).as(response.toString()).isEqualTo(201);
                    assertThat(directories.add(response.text("directory"))).isTrue();
                    assertThat(Path.of(response.text("directory")).resolve("eventstore/events.db")).isRegularFile();
                }
            }
            assertThat(directories).isNotEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    private String direct(Session from, Session to) {
        return client.post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", to.userId()))
                .text("conversationId");
    }

    private String uploadImage(Session owner, byte[] png) throws InterruptedException {
        Response session = client.post("/api/v1/media/upload-session", owner.accessToken(), Map.of("fileName", "a.png",
                "fileType", "image/png", "fileSize", png.length, "mediaType", "image"));
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        String mediaId = session.text("mediaId");
        assertThat(client.post("/api/v1/media/" + mediaId + "/complete", owner.accessToken(), null).status()).isEqualTo(200);
        await(() -> client.get("/api/v1/media/" + mediaId, owner.accessToken()),
                media -> "READY".equals(media.text("status")));
        return mediaId;
    }

    private static List<JsonNode> history(ParleyClient client, Session reader, String conversation) {
        List<JsonNode> messages = new ArrayList<>();
        JsonNode page;
        do {
            page = client.get("/api/v1/conversations/" + conversation + "/messages?after=" + messages.size() + "&limit=200",
                    reader.accessToken()).body();
            page.path("messages").forEach(messages::add);
        } while (page.path("hasNewer").asBoolean());
        assertThat(page.path("lastSeq").asLong()).isEqualTo(messages.size());
        return messages;
    }

    private static boolean caughtUp(JsonNode projections, long lastGlobalIndex) {
        return stream(projections).allMatch(p -> p.path("caughtUp").asBoolean()
                && p.path("position").asLong() >= lastGlobalIndex && p.path("position").asLong() == p.path("head").asLong());
    }

    private static long lastIndexIn(Path backup) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + backup.resolve("eventstore/events.db"));
             Statement query = db.createStatement();
             ResultSet last = query.executeQuery("SELECT max(global_index) FROM domain_event_entry")) {
            last.next();
            return last.getLong(1);
        }
    }

    private static void assertPrivate(Path backup) throws Exception {
        try (Stream<Path> paths = Files.walk(backup)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                assertThat(Files.getPosixFilePermissions(path)).as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? OwnerOnlyFiles.DIRECTORY : OwnerOnlyFiles.FILE);
            }
        }
    }

    private static void awaitAcks(Map<String, Map<String, Ack>> acks, int atLeast) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (count(acks) < atLeast) {
            assertThat(Instant.now()).as("%d acknowledgements", atLeast).isBefore(deadline);
            Thread.sleep(10);
        }
    }

    private static int count(Map<String, Map<String, Ack>> acks) {
        return acks.values().stream().mapToInt(Map::size).sum();
    }

    private static Map<String, Map<String, Ack>> copy(Map<String, Map<String, Ack>> acks) {
        Map<String, Map<String, Ack>> copy = new HashMap<>();
        acks.forEach((conversation, acked) -> copy.put(conversation, Map.copyOf(acked)));
        return copy;
    }

    private static Response await(java.util.function.Supplier<Response> read, Predicate<Response> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Response last = read.get();
        while (!done.test(last)) {
            assertThat(Instant.now()).as("last answer: %s", last).isBefore(deadline);
            Thread.sleep(100);
            last = read.get();
        }
        return last;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
