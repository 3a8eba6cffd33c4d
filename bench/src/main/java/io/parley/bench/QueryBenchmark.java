package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.SendMessage;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The query-side benchmark: the standalone application in this JVM (fresh temporary data directory, embedded
 * MongoDB wire-protocol server on its H2 file, JDBC event store on SQLite).
 *
 * <ol>
 *   <li><b>Projection throughput</b>: {@code senders} threads send {@code messages} through the CommandGateway, each
 *   into its own direct conversation; printed: the write rate, and the rate at which the {@code conversations}
 *   projection (conversations, members, messages, sync feed) and {@code analytics} projection reach the head.</li>
 *   <li><b>Fill</b>: {@code fill} messages into one group by the same senders, then wait for the projections.</li>
 *   <li><b>History page latency</b>: {@code pages} GET {@code /api/v1/conversations/{group}/messages?before=X&limit=50}
 *   over HTTP with a member's access token, X random over the whole history, after {@code warmup} pages.</li>
 * </ol>
 * Then the data directory's size (media left out, as {@code du}) per stored message: right after the fill, after
 * {@code idleMinutes} with the application idle, and after it is closed; then a <b>restart</b>: a new JVM on the same
 * directory ({@link RestartProbe}), timed until it is ready.
 * Parameters as system properties: messages (20000), senders (8), fill (100000), directFill (0: more messages into
 * the direct conversations before the group fill, a quick way to a large store), pages (2000), warmup (200),
 * idleMinutes (0), restart (true), serverJar (standalone's exec jar, for the restart), dataDir (a fresh temporary
 * directory; if given, it must not exist or be empty), keepDataDir (false: the directory is deleted at the end).
 */
public final class QueryBenchmark implements BenchmarkRun.Benchmark {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "Parley benchmark message. The quick brown fox jumps over the lazy dog. 0123456789";

    private final int messages = Integer.getInteger("messages", 20_000);
    private final int senders = Integer.getInteger("senders", 8);
    private final int fill = Integer.getInteger("fill", 100_000);
    private final int directFill = Integer.getInteger("directFill", 0);
    private final int pages = Integer.getInteger("pages", 2000);
    private final int warmup = Integer.getInteger("warmup", 200);
    private final int idleMinutes = Integer.getInteger("idleMinutes", 0);
    private final boolean restart = Boolean.parseBoolean(System.getProperty("restart", "true"));
    private final Path serverJar = Path.of(System.getProperty("serverJar", "standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar"));
    private static final String GROUP_TITLE = "big";
    private static final boolean KEEP_DATA_DIR = Boolean.parseBoolean(System.getProperty("keepDataDir", "false"));
    /** Only phase 5 on {@code dataDir}, a directory an earlier run kept (it stays). */
    private static final boolean RESTART_ONLY = Boolean.parseBoolean(System.getProperty("restartOnly", "false"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dataDir;
    private ConfigurableApplicationContext context;
    private CommandGateway gateway;
    private String baseUrl;

    private QueryBenchmark(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        if (RESTART_ONLY) {
            System.exit(new QueryBenchmark(Path.of(System.getProperty("dataDir"))).restartOnly());
        }
        BenchmarkRun.runAndExit("Benchmark", () -> new QueryBenchmark(dataDirectory()));
    }

    private int restartOnly() throws Exception {
        OUT.printf(Locale.ROOT, "=== Parley QueryBenchmark, restart only === %d processors, Java %s; data dir %s (kept)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), dataDir);
        OUT.printf(Locale.ROOT, "   before: %,d bytes allocated (du, media left out)%n", DataDirectory.measure(dataDir).allocated());
        OUT.printf(Locale.ROOT, "%n5. RESTART: java -jar %s on the data directory, a new JVM%n", serverJar);
        Path logDir = Files.createTempDirectory("parley-query-bench-restart-");
        try {
            RestartProbe.run(OUT, serverJar, dataDir, logDir, "reader", "sender0", GROUP_TITLE,
                    java.time.Duration.ofMinutes(5), (url, token, lastSeqs, group) -> {
                        OUT.printf(Locale.ROOT, "%n3. HISTORY PAGE LATENCY on the restarted server (a new JVM), %,d messages"
                                        + " in %d conversations, as in the full run%n",
                                lastSeqs.values().stream().mapToLong(Long::longValue).sum(), lastSeqs.size());
                        historyPages(url, token, lastSeqs, group);
                    });
        } catch (Exception e) {
            System.err.println("Restart FAILED: " + e);
            e.printStackTrace();
            return 1;
        }
        OUT.printf(Locale.ROOT, "   after: %,d bytes allocated (du, media left out); the server's log is kept in %s%n",
                DataDirectory.measure(dataDir).allocated(), logDir);
        OUT.println("Done.");
        return 0;
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
        if (KEEP_DATA_DIR) {
            OUT.println("Data directory kept: " + dataDir.toAbsolutePath());
        } else {
            BenchmarkRun.deleteRecursively(dataDir);
        }
    }

    /** {@code dataDir} if given (created; it must be empty, so that the figures are of this run alone), else a fresh temporary one. */
    private static Path dataDirectory() throws IOException {
        String given = System.getProperty("dataDir", "");
        if (given.isBlank()) {
            return Files.createTempDirectory("parley-query-bench-");
        }
        Path dataDir = Files.createDirectories(Path.of(given));
        try (Stream<Path> entries = Files.list(dataDir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("dataDir " + dataDir + " is not empty");
            }
        }
        return dataDir;
    }

    @Override
    public void run() throws Exception {
        OUT.printf(Locale.ROOT, "=== Parley QueryBenchmark === %d processors, max heap %,d MiB, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        OUT.printf(Locale.ROOT, "Params: messages=%d senders=%d directFill=%d fill=%d pages=%d warmup=%d idleMinutes=%d"
                        + " restart=%s keepDataDir=%s; data dir %s%n%n", messages, senders, directFill, fill, pages,
                warmup, idleMinutes, restart, KEEP_DATA_DIR, dataDir);
        context = InProcessStandalone.start(dataDir);
        gateway = context.getBean(CommandGateway.class);
        baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");

        String reader = register("reader");
        String token = login("reader");
        List<String> senderIds = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            senderIds.add(register("sender" + i));
        }
        awaitProjections(Long.MAX_VALUE / 2, 0);

        // 1. throughput: each sender in a direct conversation with the reader
        List<ConversationId> directs = new ArrayList<>();
        for (String sender : senderIds) {
            JsonNode created = post("/api/v1/conversations/direct", token, Map.of("peerUserId", sender));
            directs.add(ConversationId.of(created.path("conversationId").asText()));
        }
        long headBefore = head();
        awaitProjections(headBefore, 120);
        OUT.printf(Locale.ROOT, "1. PROJECTION THROUGHPUT: %,d messages by %d senders, each its own direct conversation%n",
                messages, senders);
        phase(senderIds, directs, messages, headBefore);

        // 2a. more messages in the direct conversations, to reach a large store quickly (one lock per conversation)
        if (directFill > 0) {
            OUT.printf(Locale.ROOT, "%n2a. DIRECT FILL: %,d messages into the %d direct conversations%n", directFill,
                    senders);
            phase(senderIds, directs, directFill, head());
        }

        // 2b. catch-up: the conversations processor's own pace, not bounded by how fast the senders write; after the
        // direct fill, so that it is measured on a warm JVM (the JIT takes minutes on two cores)
        OUT.printf(Locale.ROOT, "%n2b. CATCH-UP: conversations processor stopped, %,d messages sent (backlog), then it is"
                + " started while the senders write %,d more%n", messages, messages);
        catchUp(senderIds, directs);

        // 2. fill one group
        JsonNode group = post("/api/v1/conversations/groups", token, Map.of("title", GROUP_TITLE, "memberIds", senderIds));
        ConversationId big = ConversationId.of(group.path("conversationId").asText());
        List<ConversationId> same = new ArrayList<>();
        senderIds.forEach(s -> same.add(big));
        OUT.printf(Locale.ROOT, "%n2. FILL: %,d messages into one group of %d members by %d senders%n", fill,
                senders + 1, senders);
        phase(senderIds, same, fill, head());

        // a fresh token: the one from the start has expired (15 minutes) in a long run
        token = login("reader");
        Map<String, Long> lastSeqs = lastSeqs(token);
        long stored = lastSeqs.values().stream().mapToLong(Long::longValue).sum();
        OUT.printf(Locale.ROOT, "%nDATA DIRECTORY (media left out), %,d messages stored:%n   right after the fill: %s%n",
                stored, DataDirectory.measure(dataDir).describe(stored));

        // 3. history pages
        OUT.printf(Locale.ROOT, "%n3. HISTORY PAGE LATENCY: GET .../messages?before=X&limit=50 over HTTP, %,d messages stored"
                + " in %d conversations (half the pages from the group of %,d, half from the others), X random%n",
                stored, lastSeqs.size(), lastSeqs.get(big.value()));
        historyPages(baseUrl, token, lastSeqs, big.value());

        // 4. idle, then closed
        if (idleMinutes > 0) {
            OUT.printf(Locale.ROOT, "%n4. IDLE: the application runs with no traffic for %d minutes%n", idleMinutes);
            for (int minute = 1; minute <= idleMinutes; minute++) {
                Thread.sleep(TimeUnit.MINUTES.toMillis(1));
                OUT.printf(Locale.ROOT, "   idle %2d min: %s%n", minute, DataDirectory.measure(dataDir).describe(stored));
            }
        }
        context.close();
        context = null;
        OUT.printf(Locale.ROOT, "   application closed: %s%n", DataDirectory.measure(dataDir).describe(stored));

        // 5. restart in a new JVM on the same directory
        if (restart) {
            OUT.printf(Locale.ROOT, "%n5. RESTART: java -jar %s on the same data directory (%,d messages), a new JVM%n",
                    serverJar, stored);
            Path logDir = Files.createTempDirectory("parley-query-bench-restart-");
            try {
                RestartProbe.run(OUT, serverJar, dataDir, logDir, "reader", "sender0", GROUP_TITLE,
                        java.time.Duration.ofMinutes(5), null);
                OUT.printf(Locale.ROOT, "   after the restart: %s%n",
                        DataDirectory.measure(dataDir).describe(stored + 1));
            } finally {
                if (!KEEP_DATA_DIR) {
                    BenchmarkRun.deleteRecursively(logDir);
                }
            }
        }
        OUT.println("Done.");
    }

    /** {@code warmup} + {@code pages} history pages, every other one from {@code group}, the others from any conversation. */
    private void historyPages(String baseUrl, String token, Map<String, Long> lastSeqs, String group) throws Exception {
        List<String> conversationIds = new ArrayList<>(lastSeqs.keySet());
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < warmup + pages; i++) {
            String conversation = i % 2 == 0 ? group
                    : conversationIds.get(ThreadLocalRandom.current().nextInt(conversationIds.size()));
            long before = 51 + ThreadLocalRandom.current().nextLong(Math.max(1, lastSeqs.get(conversation) - 50));
            long start = System.nanoTime();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/conversations/"
                    + conversation + "/messages?limit=50&before=" + before)).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            if (page.statusCode() != 200 || JSON.readTree(page.body()).path("messages").size() != 50) {
                throw new IllegalStateException("bad page: " + page.statusCode() + " " + page.body().substring(0, 200));
            }
            if (i >= warmup) {
                histogram.recordValue(nanos);
            }
        }
        OUT.printf(Locale.ROOT, "   pages %,d: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 <= 20 ms)%n",
                histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(90) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                histogram.getMaxValue() / 1e6);
    }

    /**
     * Stops the conversations processor, builds a backlog of {@code messages} events, then starts the processor while
     * the senders write as many again, and times how fast it works the backlog off: its own pace, with the senders
     * competing for the CPU, not bounded by their write rate.
     */
    private void catchUp(List<String> senderIds, List<ConversationId> conversations) throws Exception {
        StreamingEventProcessor processor = context.getBean(EventProcessingConfiguration.class)
                .eventProcessor("conversations", StreamingEventProcessor.class).orElseThrow();
        awaitProjections(head(), 120);
        processor.shutDown();
        long from = head();
        ExecutorService pool = Executors.newFixedThreadPool(senderIds.size());
        long writing = System.nanoTime();
        for (Future<?> future : send(pool, senderIds, conversations, messages)) {
            future.get();
        }
        long to = head();
        OUT.printf(Locale.ROOT, "   backlog   %,8d events stored in %6.1f s while the processor was stopped%n",
                to - from, (System.nanoTime() - writing) / 1e9);
        List<Future<?>> more = send(pool, senderIds, conversations, messages);
        long start = System.nanoTime();
        processor.start();
        long done = awaitProjection("conversations", to, start);
        boolean sendersStillWriting = more.stream().anyMatch(f -> !f.isDone());
        long storedMeanwhile = head() - to;
        OUT.printf(Locale.ROOT, "   worked off %,8d events in %6.1f s = %8.0f events/s  conversations, while the senders"
                        + " stored %,d more (%s)%n", to - from, done / 1e9, (to - from) / (done / 1e9), storedMeanwhile,
                sendersStillWriting ? "still writing at the end" : "they finished first: the rate is a lower bound");
        for (Future<?> future : more) {
            future.get();
        }
        pool.shutdown();
        long head = head();
        long all = awaitProjection("conversations", head, start);
        OUT.printf(Locale.ROOT, "   caught up %,8d events after start, %6.1f s = %8.0f events/s  conversations%n",
                head - from, all / 1e9, (head - from) / (all / 1e9));
        awaitProjections(head, 120);
    }

    /** Sender i sends its share of {@code total} messages into conversations[i], each on a thread of the pool. */
    private List<Future<?>> send(ExecutorService pool, List<String> senderIds, List<ConversationId> conversations,
                                 int total) {
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < senderIds.size(); s++) {
            int index = s;
            int share = total / senderIds.size() + (s < total % senderIds.size() ? 1 : 0);
            futures.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    gateway.sendAndWait(new SendMessage(conversations.get(index), UserId.of(senderIds.get(index)),
                            "b-" + index + "-" + System.nanoTime(), TEXT, null));
                }
            }));
        }
        return futures;
    }

    /** Sends {@code total} messages from the senders (sender i into conversations[i]) and times the projections. */
    private void phase(List<String> senderIds, List<ConversationId> conversations, int total, long headBefore)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senderIds.size());
        long start = System.nanoTime();
        List<Future<?>> futures = send(pool, senderIds, conversations, total);
        long maxLag = 0;
        while (futures.stream().anyMatch(f -> !f.isDone())) {
            Thread.sleep(500);
            maxLag = Math.max(maxLag, head() - position("conversations"));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        long written = System.nanoTime() - start;
        long head = head();
        long conversationsDone = awaitProjection("conversations", head, start);
        long analyticsDone = awaitProjection("analytics", head, start);
        long events = head - headBefore;
        OUT.printf(Locale.ROOT, "   stored    %,8d events in %6.1f s = %8.0f events/s (commands, 8 senders)%n",
                events, written / 1e9, events / (written / 1e9));
        OUT.printf(Locale.ROOT, "   projected %,8d events in %6.1f s = %8.0f events/s  conversations (max lag seen %,d events)%n",
                events, conversationsDone / 1e9, events / (conversationsDone / 1e9), maxLag);
        OUT.printf(Locale.ROOT, "   projected %,8d events in %6.1f s = %8.0f events/s  analytics%n",
                events, analyticsDone / 1e9, events / (analyticsDone / 1e9));
    }

    /** The reader's conversations and their last seq, from the conversation list. */
    private Map<String, Long> lastSeqs(String token) throws IOException, InterruptedException {
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/conversations?limit=500"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (list.statusCode() != 200) {
            throw new IllegalStateException("conversation list: " + list.statusCode() + " " + list.body());
        }
        Map<String, Long> lastSeqs = new LinkedHashMap<>();
        for (JsonNode conversation : JSON.readTree(list.body()).path("conversations")) {
            lastSeqs.put(conversation.path("conversationId").asText(), conversation.path("lastSeq").asLong());
        }
        return lastSeqs;
    }

    private long awaitProjection(String name, long head, long since) throws InterruptedException {
        while (position(name) < head) {
            Thread.sleep(20);
        }
        return System.nanoTime() - since;
    }

    private void awaitProjections(long head, int seconds) throws InterruptedException {
        long target = Math.min(head, head());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(seconds, 120));
        while ((position("conversations") < target || position("analytics") < target) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private long position(String processor) {
        return context.getBean(EventProcessingConfiguration.class)
                .eventProcessor(processor, StreamingEventProcessor.class).orElseThrow()
                .processingStatus().values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
    }

    private long head() {
        return context.getBean(EventStore.class).createHeadToken().position().orElse(-1);
    }

    private String register(String name) throws IOException, InterruptedException {
        return post("/api/v1/auth/register", null, Map.of("username", name, "password", "correct horse",
                "displayName", name)).path("userId").asText();
    }

    private String login(String name) throws IOException, InterruptedException {
        return post("/api/v1/auth/login", null, Map.of("username", name, "password", "correct horse",
                "deviceId", "bench")).path("accessToken").asText();
    }

    private JsonNode post(String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
