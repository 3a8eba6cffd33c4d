package io.parley.bench;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.CreateGroup;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.SendMessage;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The command-side send benchmark: the standalone application in this JVM, {@link CommandGateway#sendAndWait} of
 * {@link SendMessage} straight into the write model (command → {@code Conversation} aggregate → {@code MessageSent}
 * committed through the group commit to the SQLite event store). No HTTP, no accounts, no read models.
 *
 * <p>Prints machine facts, parameters and three tables: throughput (1 sender; N senders each in its own conversation;
 * N senders in one shared group), send latency in a fresh conversation vs one holding {@code fill} messages, and the
 * latency of a send whose aggregate is not in the cache (after a context restart, and after removing the cache entry).
 *
 * <p>Parameters, as system properties ({@code -Dfill=5000}) or arguments ({@code fill=5000}); see {@code bench/README.md}.
 * Runs on a fresh temporary data directory, deletes it at the end and exits by itself.
 */
public final class SendBenchmark implements BenchmarkRun.Benchmark {

    private static final PrintStream OUT = System.out;
    private static final String TEXT_SEED = "Parley benchmark message. The quick brown fox jumps over the lazy dog. ";

    private final Params params;
    private final Path dataDir;
    private final String text;
    private ConfigurableApplicationContext context;
    private CommandGateway gateway;
    private Cache conversationCache;
    /** Loads of a Conversation the repository found in its cache (so a send that is not counted here was a cold load). */
    private final AtomicLong cacheHits = new AtomicLong();

    private SendBenchmark(Params params, Path dataDir) {
        this.params = params;
        this.dataDir = dataDir;
        this.text = TEXT_SEED.repeat(params.textLength / TEXT_SEED.length() + 1).substring(0, params.textLength);
    }

    public static void main(String[] args) {
        Params params = BenchmarkRun.parametersOrExit(args, Params::parse, Params.USAGE);
        BenchmarkRun.runAndExit("Benchmark",
                () -> new SendBenchmark(params, Files.createTempDirectory("parley-send-bench-")));
    }

    @Override
    public void run() throws Exception {
        printHeader();

        long startNanos = System.nanoTime();
        start();
        OUT.printf(Locale.ROOT, "Application context started in %.1f s; SQLite %s; event store %s%n%n",
                seconds(System.nanoTime() - startNanos), databaseVersion(), eventStoreUrl());

        throughput();
        Conversation big = fill();
        Conversation fresh = newConversation("fresh", 2);
        Conversation probe = newConversation("probe", 2);
        send(probe, probe.members.get(0));
        latency(fresh, big);
        coldLoads(probe, fresh, big);

        OUT.println();
        OUT.println("Notes: every figure is the wall-clock time of CommandGateway.sendAndWait on the calling thread, i.e. "
                + "command handling plus the SQLite commit (synchronous=FULL). Snapshots are taken every "
                + snapshotThreshold() + " events on a thread of their own. 'holds' = messages in the conversation "
                + "before the measured sends.");
        OUT.println("Done.");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. Throughput

    private void throughput() throws InterruptedException {
        OUT.printf(Locale.ROOT, "1. THROUGHPUT: sendAndWait(SendMessage), %,d commands per scenario, after a warm-up%n",
                params.messages);

        long warmupStart = System.nanoTime();
        int warmupCommands = 0;
        if (params.warmup > 0) {
            warmupCommands += runSenders("warm-up", ownConversations(1), params.warmup, false).ok;
            warmupCommands += runSenders("warm-up", ownConversations(params.senders), params.warmup, false).ok;
            warmupCommands += runSenders("warm-up", sharedConversation(params.senders), params.warmup, false).ok;
        }
        OUT.printf(Locale.ROOT, "   (warm-up: %,d commands in %.1f s, not counted)%n",
                warmupCommands, seconds(System.nanoTime() - warmupStart));

        List<PhaseResult> results = new ArrayList<>();
        results.add(runSenders("1 sender, own conversation", ownConversations(1), params.messages, true));
        results.add(runSenders(params.senders + " senders, each its own conversation", ownConversations(params.senders),
                params.messages, true));
        results.add(runSenders(params.senders + " senders, one shared group", sharedConversation(params.senders),
                params.messages, true));

        OUT.println();
        OUT.printf(Locale.ROOT, "   %-38s %7s %5s %8s %6s %8s %9s %8s %8s %8s %10s%n", "scenario", "senders",
                "convs", "commands", "errors", "seconds", "cmd/s", "p50 ms", "p99 ms", "max ms", "not cached");
        for (PhaseResult r : results) {
            OUT.printf(Locale.ROOT, "   %-38s %7d %5d %,8d %6d %8.2f %9.1f %8s %8s %8s %10d%s%n",
                    r.name, r.senders, r.conversations, r.ok, r.errors, seconds(r.elapsedNanos), r.perSecond(),
                    ms(r.histogram, 50), ms(r.histogram, 99), maxMs(r.histogram), r.notCached, r.incompleteNote());
        }
        OUT.println("   'not cached' = sends whose aggregate had to be loaded from the event store (not found in the cache).");
        OUT.println();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. Fill, and latency fresh vs big

    private Conversation fill() throws InterruptedException {
        Conversation big = newConversation("big", params.senders);
        OUT.printf(Locale.ROOT, "2. FILL: %,d messages into one group by %d concurrent senders%n", params.fill, params.senders);
        PhaseResult r = runSenders("fill", laneForEachMember(big), params.fill, true);
        OUT.printf(Locale.ROOT, "   filled in %.1f s = %,.1f msg/s (errors %d, p50 %s ms, p99 %s ms, max %s ms, not cached %d)%s%n",
                seconds(r.elapsedNanos), r.perSecond(), r.errors, ms(r.histogram, 50), ms(r.histogram, 99),
                maxMs(r.histogram), r.notCached, r.incompleteNote());
        drainSnapshotter();
        OUT.printf(Locale.ROOT, "   the group holds %,d messages; %s%n%n", big.lastSeq.get(), snapshotFacts(big));
        return big;
    }

    private void latency(Conversation fresh, Conversation big) {
        OUT.printf(Locale.ROOT, "3. SEND LATENCY, aggregate cached: %,d sequential sends into each conversation "
                + "(1 sender, the two interleaved)%n", params.latency);
        long freshHolds = fresh.lastSeq.get();
        long bigHolds = big.lastSeq.get();
        Histogram freshHistogram = newHistogram();
        Histogram bigHistogram = newHistogram();
        AtomicInteger errors = new AtomicInteger();
        int freshNotCached = 0;
        int bigNotCached = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(params.maxSeconds);
        int done = 0;
        for (; done < params.latency && System.nanoTime() < deadline; done++) {
            freshNotCached += conversationCache.containsKey(fresh.id.value()) ? 0 : 1;
            timedSend(fresh, fresh.members.get(0), freshHistogram, errors);
            bigNotCached += conversationCache.containsKey(big.id.value()) ? 0 : 1;
            timedSend(big, big.members.get(0), bigHistogram, errors);
        }
        OUT.printf(Locale.ROOT, "   %-42s %10s %8s %8s %8s %8s %10s%n", "conversation", "holds", "sends", "p50 ms", "p99 ms",
                "max ms", "not cached");
        latencyRow("fresh conversation (created after the fill)", freshHolds, freshHistogram, 42, freshNotCached);
        latencyRow("conversation with " + String.format(Locale.ROOT, "%,d", bigHolds) + " messages", bigHolds, bigHistogram,
                42, bigNotCached);
        OUT.println("   ('not cached': the aggregate had left the cache before that send, e.g. collected by the GC)");
        if (errors.get() > 0 || done < params.latency) {
            OUT.printf(Locale.ROOT, "   (errors %d; %,d of %,d rounds done within %d s)%n", errors.get(), done,
                    params.latency, params.maxSeconds);
        }
        OUT.println();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. Cold loads

    private void coldLoads(Conversation probe, Conversation fresh, Conversation big) throws Exception {
        OUT.println("4. COLD LOAD: latency of a send whose aggregate is not in the cache (loaded from snapshot + later events)");
        drainSnapshotter();
        String bigSnapshot = snapshotFacts(big);
        String freshSnapshot = snapshotFacts(fresh);

        long closeStart = System.nanoTime();
        stop();
        long restartStart = System.nanoTime();
        start();
        OUT.printf(Locale.ROOT, "   context closed in %.1f s and started again on the same data dir in %.1f s (same JVM)%n",
                seconds(restartStart - closeStart), seconds(System.nanoTime() - restartStart));
        OUT.println("   on disk: big conversation: " + bigSnapshot);
        OUT.println("            fresh conversation: " + freshSnapshot);

        long probeHolds = probe.lastSeq.get();
        long bigHolds = big.lastSeq.get();
        long freshHolds = fresh.lastSeq.get();
        long probeNanos = send(probe, probe.members.get(0));
        long bigNanos = send(big, big.members.get(0));
        long freshNanos = send(fresh, fresh.members.get(0));
        long bigAgainNanos = send(big, big.members.get(0));

        OUT.printf(Locale.ROOT, "   %-58s %10s %8s %8s %8s %8s%n", "case", "holds", "samples", "p50 ms", "p99 ms", "max ms");
        OUT.println("   after the context restart (first send into each):");
        singleRow("  first command of the new context (probe conversation)", probeHolds, probeNanos);
        singleRow("  conversation with " + String.format(Locale.ROOT, "%,d", bigHolds) + " messages", bigHolds, bigNanos);
        singleRow("  fresh conversation", freshHolds, freshNanos);
        singleRow("  (for contrast: 2nd send into the big one, now cached)", bigHolds + 1, bigAgainNanos);

        Cache cache = conversationCache;
        Histogram bigCold = newHistogram();
        Histogram freshCold = newHistogram();
        AtomicInteger errors = new AtomicInteger();
        int wasCached = 0;
        int done = 0;
        long bigColdHolds = big.lastSeq.get();
        long freshColdHolds = fresh.lastSeq.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(params.maxSeconds);
        for (; done < params.evictions && System.nanoTime() < deadline; done++) {
            wasCached += cache.remove(big.id.value()) ? 1 : 0;
            timedSend(big, big.members.get(0), bigCold, errors);
            wasCached += cache.remove(fresh.id.value()) ? 1 : 0;
            timedSend(fresh, fresh.members.get(0), freshCold, errors);
        }
        OUT.printf(Locale.ROOT, "   after removing the cache entry (Cache.remove before each send; warm JVM and store; "
                + "%d of %d entries were still cached, the others already dropped):%n", wasCached, 2 * done);
        latencyRow("  conversation with " + String.format(Locale.ROOT, "%,d", bigColdHolds) + "+ messages", bigColdHolds,
                bigCold, 58, -1);
        latencyRow("  fresh conversation", freshColdHolds, freshCold, 58, -1);
        if (errors.get() > 0 || done < params.evictions) {
            OUT.printf(Locale.ROOT, "   (errors %d; %,d of %,d rounds done within %d s)%n", errors.get(), done,
                    params.evictions, params.maxSeconds);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sending

    /** One sender sending into one conversation. */
    private record Lane(Conversation conversation, UserId sender) {
    }

    /** A group created for the benchmark, with its members and the last seq this program was told. */
    private record Conversation(ConversationId id, List<UserId> members, AtomicLong lastSeq) {
    }

    private Conversation newConversation(String title, int memberCount) {
        List<UserId> members = new ArrayList<>();
        for (int i = 0; i < Math.max(1, memberCount); i++) {
            members.add(UserId.of(UUID.randomUUID().toString()));
        }
        ConversationId id = ConversationId.newGroup();
        gateway.sendAndWait(new CreateGroup(id, members.get(0), "bench " + title, members.subList(1, members.size())));
        return new Conversation(id, List.copyOf(members), new AtomicLong());
    }

    private List<Lane> ownConversations(int senders) {
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            Conversation conversation = newConversation("own " + i, 2);
            lanes.add(new Lane(conversation, conversation.members.get(0)));
        }
        return lanes;
    }

    private List<Lane> sharedConversation(int senders) {
        return laneForEachMember(newConversation("shared", senders));
    }

    private static List<Lane> laneForEachMember(Conversation conversation) {
        return conversation.members.stream().map(member -> new Lane(conversation, member)).toList();
    }

    /** Sends one message; answers how long {@code sendAndWait} took, in nanoseconds. */
    private long send(Conversation conversation, UserId sender) {
        SendMessage command = new SendMessage(conversation.id, sender, UUID.randomUUID().toString(), text, null);
        long start = System.nanoTime();
        MessageAccepted accepted = gateway.sendAndWait(command);
        long nanos = System.nanoTime() - start;
        conversation.lastSeq.accumulateAndGet(accepted.seq(), Math::max);
        return nanos;
    }

    private void timedSend(Conversation conversation, UserId sender, Histogram histogram, AtomicInteger errors) {
        try {
            histogram.recordValue(send(conversation, sender));
        } catch (RuntimeException e) {
            if (errors.getAndIncrement() == 0) {
                System.err.println("send failed: " + e);
            }
        }
    }

    /** Sends {@code total} messages spread over the lanes, one thread per lane, all starting together. */
    private PhaseResult runSenders(String name, List<Lane> lanes, int total, boolean progress) throws InterruptedException {
        int n = lanes.size();
        Histogram[] histograms = new Histogram[n];
        long[] finishedAt = new long[n];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int lane = i;
            int count = total / n + (i < total % n ? 1 : 0);
            histograms[i] = newHistogram();
            threads[i] = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Lane l = lanes.get(lane);
                for (int k = 0; k < count && System.nanoTime() < deadline.get(); k++) {
                    try {
                        histograms[lane].recordValue(send(l.conversation, l.sender));
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                }
                finishedAt[lane] = System.nanoTime();
            }, "bench-sender-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        ready.await();
        long hitsBefore = cacheHits.get();
        long start = System.nanoTime();
        long budget = TimeUnit.SECONDS.toNanos(params.maxSeconds);
        deadline.set(start + budget);
        go.countDown();
        long nextReport = start + TimeUnit.SECONDS.toNanos(20);
        boolean stuck = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                long now = System.nanoTime();
                if (now - start > budget + TimeUnit.SECONDS.toNanos(60)) {
                    stuck = true;
                    break;
                }
                thread.join(1000);
                if (progress && System.nanoTime() >= nextReport) {
                    OUT.printf(Locale.ROOT, "   ... %s: %,d/%,d after %.0f s (%,.0f/s)%n", name, ok.get(), total,
                            seconds(System.nanoTime() - start), ok.get() / seconds(System.nanoTime() - start));
                    nextReport += TimeUnit.SECONDS.toNanos(20);
                }
            }
        }
        long end = 0;
        for (long finished : finishedAt) {
            end = Math.max(end, finished);
        }
        if (end == 0 || stuck) {
            end = System.nanoTime();
        }
        Histogram all = newHistogram();
        for (Histogram histogram : histograms) {
            all.add(histogram);
        }
        if (firstError.get() != null) {
            System.err.println(name + ": " + errors.get() + " failed sends, the first: " + firstError.get());
        }
        long conversations = lanes.stream().map(Lane::conversation).distinct().count();
        long notCached = Math.max(0, ok.get() + errors.get() - (cacheHits.get() - hitsBefore));
        return new PhaseResult(name, n, (int) conversations, total, ok.get(), errors.get(), end - start, all, stuck,
                notCached);
    }

    private record PhaseResult(String name, int senders, int conversations, int planned, int ok, int errors,
                               long elapsedNanos, Histogram histogram, boolean stuck, long notCached) {

        double perSecond() {
            return elapsedNanos == 0 ? 0 : ok / seconds(elapsedNanos);
        }

        String incompleteNote() {
            if (stuck) {
                return "  (senders still blocked at the time limit)";
            }
            return ok + errors < planned ? "  (stopped at the time limit)" : "";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The application

    private void start() {
        context = InProcessStandalone.start(dataDir);
        gateway = context.getBean(CommandGateway.class);
        conversationCache = context.getBean("conversationCache", Cache.class);
        conversationCache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryRead(Object key, Object value) {
                cacheHits.incrementAndGet();
            }
        });
    }

    @Override
    public void close() {
        stop();
        BenchmarkRun.deleteRecursively(dataDir);
    }

    private void stop() {
        if (context != null) {
            try {
                context.close();
            } catch (RuntimeException e) {
                System.err.println("closing the application context failed: " + e);
            }
            context = null;
            gateway = null;
            conversationCache = null;
        }
    }

    /** Waits until the snapshotter's single thread has worked off what is queued, so no phase pays for an earlier one. */
    private void drainSnapshotter() {
        if (!context.containsBean("snapshotExecutor")) {
            return;
        }
        try {
            ExecutorService executor = context.getBean("snapshotExecutor", ExecutorService.class);
            Future<?> marker = executor.submit(() -> {
            });
            marker.get(params.maxSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("could not wait for the snapshotter: " + e);
        }
    }

    private String snapshotThreshold() {
        return context == null ? "?" : context.getEnvironment().getProperty("parley.conversations.snapshot-every", "500");
    }

    /** Which event the latest snapshot of a conversation was taken at, read from the event store tables. */
    private String snapshotFacts(Conversation conversation) {
        try (Connection connection = DriverManager.getConnection(eventStoreUrl())) {
            long events = queryLong(connection,
                    "select count(*) from domain_event_entry where aggregate_identifier = ?", conversation.id.value());
            long snapshotSeq = queryLong(connection,
                    "select coalesce(max(sequence_number), -1) from snapshot_event_entry where aggregate_identifier = ?",
                    conversation.id.value());
            if (snapshotSeq < 0) {
                return String.format(Locale.ROOT, "%,d events stored, no snapshot", events);
            }
            String size;
            try {
                size = String.format(Locale.ROOT, "%,d bytes", queryLong(connection,
                        "select coalesce(max(octet_length(payload)), 0) from snapshot_event_entry where aggregate_identifier = ?",
                        conversation.id.value()));
            } catch (Exception e) {
                size = "size unknown";
            }
            return String.format(Locale.ROOT, "%,d events stored, latest snapshot at event #%,d (%s; a cold load replays "
                    + "%,d events after it)", events, snapshotSeq, size, Math.max(0, events - 1 - snapshotSeq));
        } catch (Exception e) {
            return "snapshot facts unavailable (" + e.getMessage() + ")";
        }
    }

    private static long queryLong(Connection connection, String sql, String parameter) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet resultSet = statement.executeQuery()) {
                resultSet.next();
                return resultSet.getLong(1);
            }
        }
    }

    /** Standalone's event store file (SQLite in WAL mode: a second connection reads what has been committed). */
    private String eventStoreUrl() {
        return "jdbc:sqlite:" + Path.of(context.getEnvironment().getProperty("parley.data-dir"), "eventstore", "events.db");
    }

    private String databaseVersion() {
        try (Connection connection = DriverManager.getConnection(eventStoreUrl())) {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (Exception e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Output

    private void printHeader() {
        Runtime runtime = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        OUT.println("=== Parley SendBenchmark: command side (CommandGateway.sendAndWait -> Conversation aggregate -> "
                + "JDBC event store, SQLite file) ===");
        OUT.printf(Locale.ROOT, "Machine : %d available processors, max heap %,d MiB, %s %s%n",
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        OUT.printf(Locale.ROOT, "Java    : %s (%s %s), GC: %s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), gcs);
        OUT.printf(Locale.ROOT, "Versions: Axon Framework %s, Spring Boot %s%n",
                mavenVersion("org.axonframework", "axon-messaging"), SpringBootVersion.getVersion());
        OUT.printf(Locale.ROOT, "Data dir: %s (fresh, deleted at the end)%n", dataDir);
        OUT.printf(Locale.ROOT, "Params  : %s%n", params.describe());
        OUT.println("          (change with -Dname=value or name=value arguments; see bench/README.md)");
        OUT.println();
    }

    /** One table row; {@code notCached} < 0 leaves that column out. */
    private void latencyRow(String label, long holds, Histogram histogram, int width, int notCached) {
        OUT.printf(Locale.ROOT, "   %-" + width + "s %,10d %8d %8s %8s %8s%s%n", label, holds,
                histogram.getTotalCount(), ms(histogram, 50), ms(histogram, 99), maxMs(histogram),
                notCached < 0 ? "" : String.format(Locale.ROOT, " %10d", notCached));
    }

    private void singleRow(String label, long holds, long nanos) {
        String value = String.format(Locale.ROOT, "%.2f", nanos / 1e6);
        OUT.printf(Locale.ROOT, "   %-58s %,10d %8d %8s %8s %8s%n", label, holds, 1, value, value, value);
    }

    private static Histogram newHistogram() {
        return new Histogram(3);
    }

    private static String ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", histogram.getValueAtPercentile(percentile) / 1e6);
    }

    private static String maxMs(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", histogram.getMaxValue() / 1e6);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = SendBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "?";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "?");
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parameters

    private record Params(int messages, int senders, int warmup, int fill, int latency, int evictions, int textLength,
                          int maxSeconds) {

        static final String USAGE = """
                Parameters (system property -Dname=value, or argument name=value; 100k/1m accepted):
                  messages=3000    commands per throughput scenario (split over the senders)
                  senders=8        concurrent senders in the multi-sender scenarios and the fill
                  warmup=1000      commands per scenario shape sent before measuring (discarded)
                  fill=100000      messages put into the big conversation
                  latency=2000     sequential sends measured into each of the fresh and the big conversation
                  evictions=200    cold-load samples per conversation (cache entry removed before each send)
                  textLength=100   characters per message text
                  maxSeconds=1800  time limit per phase""";

        static Params parse(String[] args) {
            Parameters values = Parameters.read(USAGE, args);
            Params params = new Params(values.number("messages"), values.number("senders"), values.number("warmup"),
                    values.number("fill"), values.number("latency"), values.number("evictions"),
                    values.number("textLength"), values.number("maxSeconds"));
            if (params.senders < 1 || params.textLength < 1 || params.maxSeconds < 1 || params.messages < 0
                    || params.fill < 0 || params.latency < 0 || params.evictions < 0 || params.warmup < 0) {
                throw new IllegalArgumentException("senders, textLength and maxSeconds must be at least 1, the counts at least 0");
            }
            return params;
        }

        String describe() {
            return String.format(Locale.ROOT, "messages=%d per throughput scenario, senders=%d, warmup=%d per scenario shape, "
                            + "fill=%d, latency=%d sends, evictions=%d, textLength=%d chars, maxSeconds=%d per phase",
                    messages, senders, warmup, fill, latency, evictions, textLength, maxSeconds);
        }
    }
}
