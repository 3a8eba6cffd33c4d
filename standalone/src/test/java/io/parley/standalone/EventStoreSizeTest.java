package io.parley.standalone;

import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's files stay small per message: the whole data directory may take 2 KB per stored message (issue
 * 18); the event store's share is held to 1 KB, the read models taking the rest. A MessageSent event is about 400
 * bytes of JSON payload and metadata plus its row and two unique indexes (event id; aggregate id and sequence).
 */
class EventStoreSizeTest {

    private static final int SENDERS = 4;
    private static final int MESSAGES_PER_SENDER = 750;
    private static final long BYTES_PER_MESSAGE_BOUND = 1024;
    /** EventStoreFiles' journal_size_limit plus the checkpoint threshold: the WAL may not grow past it. */
    private static final long WAL_BOUND = 40L * 1024 * 1024;

    @Test
    void theEventStoreTakesUnderAKilobytePerMessageAndItsWriteAheadLogStaysBounded(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Path eventStore = dataDir.resolve("eventstore");
        Path log = Files.createDirectories(Path.of("target")).resolve("event-store-size-test-parley.log");
        long largestWal = 0;
        try (StandaloneProcess parley = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(parley.port);
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
                    largestWal = Math.max(largestWal, size(eventStore.resolve("events.db-wal")));
                    Thread.sleep(20);
                }
                sender.get();
            }
            pool.shutdown();
        }
        assertThat(largestWal).as("the events' write-ahead log while sending").isLessThan(WAL_BOUND);

        long messages = (long) SENDERS * MESSAGES_PER_SENDER;
        long bytes;
        try (Stream<Path> files = Files.list(eventStore)) {
            bytes = files.mapToLong(EventStoreSizeTest::size).sum();
        }
        System.out.printf("[EventStoreSizeTest] %d messages: event store %d bytes, %d bytes per message%n",
                messages, bytes, bytes / messages);
        assertThat(bytes / messages).as("event store bytes per message (after a stop, the WAL checkpointed)")
                .isLessThanOrEqualTo(BYTES_PER_MESSAGE_BOUND);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
