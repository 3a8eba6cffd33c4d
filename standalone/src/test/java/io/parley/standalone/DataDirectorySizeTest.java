package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data directory stays small per message (issue 18): everything in it but the media objects (events, tracking
 * tokens, read models, keys) takes well under 2 KB per stored message (the bound close to what it takes, so that a
 * regression shows), the event store's share under 1 KB; its database files do not grow while Parley idles, and their
 * write-ahead logs (reused from their start after each checkpoint, so they fill up to the checkpoint threshold even
 * when idle writes are few) stay bounded. A MessageSent event is about 350 bytes of JSON payload (no null fields) and
 * metadata plus its row and two unique indexes (event id; aggregate id and sequence); its read models are the message
 * in its history bucket, an entry in each member's sync feed, and its delivery analytics (its sender and time in a
 * block of 64 seqs).
 */
class DataDirectorySizeTest {

    private static final int SENDERS = 4;
    private static final int MESSAGES_PER_SENDER = 375;
    /**
     * Issue 18 allows 2,048; measured 1,535 and 1,540 (event store 775 and 778) with 1,500 messages, analytics
     * messages in blocks and events without null fields (with 3,000: 1,459 and 748, the files' fixed part, about
     * 230 KB, spread thinner; a regression of so many bytes per message adds as much at either volume). The margin
     * takes run-to-run differences of the files' page use, not a regression.
     */
    private static final long DATA_DIRECTORY_BYTES_PER_MESSAGE_BOUND = 1625;
    private static final long EVENT_STORE_BYTES_PER_MESSAGE_BOUND = 850;
    private static final long IDLE_MILLIS = 15_000;
    /** The files' journal_size_limit plus the checkpoint threshold: no write-ahead log may grow past it. */
    private static final long WAL_BOUND = 40L * 1024 * 1024;

    @Test
    void theDataDirectoryTakesUnderTwoKilobytesPerMessageAndDoesNotGrowWhileIdle(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Path eventStore = dataDir.resolve("eventstore");
        Path log = Files.createDirectories(Path.of("target")).resolve("data-directory-size-test-parley.log");
        long largestWal = 0;
        long running;
        long runningFiles;
        long afterIdle;
        long afterIdleFiles;
        try (StandaloneProcess parley = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(parley.port);
            Session analyst = client.registerAndLogin("query_analyst");
            Session alice = client.registerAndLogin("alice");
            Session bob = client.registerAndLogin("bob");
            String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                    Map.of("peerUserId", bob.userId())).text("conversationId");
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                Session sender = t % 2 == 0 ? alice : bob;
                String prefix = "size-" + t + "-";
                senders.add(pool.submit(() -> {
                    for (int n = 0; n < MESSAGES_PER_SENDER; n++) {
                        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages",
                                sender.accessToken(), Map.of("clientMessageId", prefix + n,
                                        "text", "a message of an ordinary length, " + prefix + n)).status())
                                .isEqualTo(201);
                    }
                }));
            }
            for (Future<?> sender : senders) {
                while (!sender.isDone()) {
                    largestWal = Math.max(largestWal, largestWriteAheadLog(dataDir));
                    Thread.sleep(20);
                }
                sender.get();
            }
            pool.shutdown();
            QueryFlowTest.await(() -> client.get("/api/v1/admin/projections", analyst.accessToken()).body(),
                    DataDirectorySizeTest::caughtUp);
            running = sizeWithoutMedia(dataDir, true);
            runningFiles = sizeWithoutMedia(dataDir, false);
            Thread.sleep(IDLE_MILLIS);
            afterIdle = sizeWithoutMedia(dataDir, true);
            afterIdleFiles = sizeWithoutMedia(dataDir, false);
            largestWal = Math.max(largestWal, largestWriteAheadLog(dataDir));
        }

        long messages = (long) SENDERS * MESSAGES_PER_SENDER;
        long eventStoreBytes = sizeWithoutMedia(eventStore, true);
        long stopped = sizeWithoutMedia(dataDir, true);
        System.out.printf("[DataDirectorySizeTest] %d messages: data directory without media %d bytes (%d per message); "
                        + "running: %d with write-ahead logs, %d without; after %d s idle: %d with, %d without; "
                        + "largest write-ahead log %d; event store %d bytes (%d per message)%n",
                messages, stopped, stopped / messages, running, runningFiles, IDLE_MILLIS / 1000, afterIdle,
                afterIdleFiles, largestWal, eventStoreBytes, eventStoreBytes / messages);
        assertThat(aStoredMessageSentPayload(eventStore)).as("a MessageSent as stored: no null fields")
                .contains("\"text\"").doesNotContain("null");
        assertThat(largestWal).as("the largest write-ahead log").isLessThan(WAL_BOUND);
        assertThat(afterIdleFiles).as("the database files after %d s of idling", IDLE_MILLIS / 1000)
                .isLessThanOrEqualTo(runningFiles);
        assertThat(eventStoreBytes / messages).as("event store bytes per message (after a stop, the WAL checkpointed)")
                .isLessThanOrEqualTo(EVENT_STORE_BYTES_PER_MESSAGE_BOUND);
        assertThat(stopped / messages).as("data directory bytes per message, media aside (after a stop)")
                .isLessThanOrEqualTo(DATA_DIRECTORY_BYTES_PER_MESSAGE_BOUND);
    }

    private static String aStoredMessageSentPayload(Path eventStore) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + eventStore.resolve("events.db"));
             Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT payload FROM domain_event_entry "
                     + "WHERE payload_type = 'io.parley.api.conversation.MessageSent' LIMIT 1")) {
            assertThat(result.next()).as("a stored MessageSent").isTrue();
            return new String(result.getBytes(1), StandardCharsets.UTF_8);
        }
    }

    private static boolean caughtUp(JsonNode projections) {
        if (!projections.isArray() || projections.isEmpty()) {
            return false;
        }
        for (JsonNode projection : projections) {
            if (!projection.path("caughtUp").asBoolean() || projection.path("lag").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every file under the directory, the embedded object storage's media files aside, and SQLite's write-ahead logs
     * (and their indexes) only if asked; walked again if a file went while it was (a log removed at a checkpoint).
     */
    private static long sizeWithoutMedia(Path directory, boolean withWriteAheadLogs) {
        Path media = directory.resolve("media");
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(directory)) {
                return files.filter(file -> !file.startsWith(media)).filter(Files::isRegularFile)
                        .filter(file -> withWriteAheadLogs || !isWriteAheadLog(file))
                        .mapToLong(DataDirectorySizeTest::size).sum();
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw new IllegalStateException("cannot walk " + directory, e);
                }
            }
        }
    }

    private static boolean isWriteAheadLog(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith("-wal") || name.endsWith("-shm");
    }

    private static long largestWriteAheadLog(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-wal"))
                    .mapToLong(DataDirectorySizeTest::size).max().orElse(0);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
