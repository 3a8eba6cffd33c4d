package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.query.GetHistory;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The realtime load driver: registers users, opens a direct conversation per pair, connects every user over
 * {@code /ws} ({@code resume {}} and its ack first), then runs a closed loop (every sender keeps {@code window}
 * un-acked sends in flight) and an open loop ({@code rate} messages/s on a fixed schedule, latency measured from the
 * scheduled time so that a stalled server cannot hide its stalls), while {@code idle} extra users sit connected.
 * Every message is followed to the socket of the other user of its pair; the table shows sent, delivered, lost,
 * duplicates, out-of-order, throughput, latency, and the server's CPU and RSS read from {@code /proc}.
 *
 * <p>By default Parley standalone runs as a child process on a fresh temporary data directory and a free loopback
 * port; with {@code serverUrl=http://127.0.0.1:PORT} the driver uses a running server instead. Parameters as system
 * properties or {@code name=value} arguments, see {@link LoadParams#USAGE} and {@code bench/README.md}. Bounded in
 * messages and time; stops the child process and deletes its directory at the end.
 */
public final class LoadBenchmark implements BenchmarkRun.Benchmark {

    private static final PrintStream OUT = System.out;
    /** Sends not answered and no progress for this long: the phase gives up waiting. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final List<String> OWN_CLASSES = List.of("LoadBenchmark", "LoadParams", "Device", "Phase", "ProcFs",
            "RestApi", "ServerProcess", "ServerLimits", "BenchmarkRun", "Parameters", "Workload", "WorkloadSuite");

    private final LoadParams params;
    private final Path tempDir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("load-pacer"));
    private final Device.Traffic traffic;
    private final List<Device> devices = new ArrayList<>();
    private final List<Device> senders = new ArrayList<>();
    private final List<String> conversations = new ArrayList<>();
    private final Map<Phase, Usage> usage = new LinkedHashMap<>();
    private final Map<Phase, String> offered = new HashMap<>();
    private final Map<Phase, Long> scheduleLag = new HashMap<>();
    private volatile ServerProcess server;
    private long serverPid;
    private String baseUrl;
    private Sampler sampler;
    private long logPositionAtSetup;
    private final List<RestApi.Session> sessions = new ArrayList<>();
    private Workload workload;
    private long resumesAcked = -1;
    private double catchUpMs = Double.NaN;
    /** The largest history page the REST API serves: what a client fetching a gap asks for. */
    private static final int GAP_PAGE = GetHistory.MAX_LIMIT;
    /** The offline workload's receiver's REST client, kept between its catch-ups as an app keeps its HTTP client. */
    private RestApi receiverApi;
    /** Catch-ups of the offline workload's messages after the measured one: the warm server's figure. */
    private static final int OFFLINE_REPEATS = 8;

    LoadBenchmark(LoadParams params, Path tempDir) {
        this.params = params;
        this.tempDir = tempDir;
        this.traffic = new Device.Traffic(timer, params.socketRate(), params.textLength());
    }

    public static void main(String[] args) {
        preloadOwnClasses();
        LoadParams params = BenchmarkRun.parametersOrExit(args, LoadParams::parse, LoadParams.USAGE);
        if (!params.workloadList().isEmpty()) {
            BenchmarkRun.runAndExit("Load benchmark", () -> {
                WorkloadSuite suite = new WorkloadSuite(params);
                Runtime.getRuntime().addShutdownHook(new Thread(suite::close, "load-bench-cleanup"));
                return suite;
            });
            return;
        }
        BenchmarkRun.runAndExit("Load benchmark", () -> {
            LoadBenchmark benchmark = new LoadBenchmark(params, Files.createTempDirectory("parley-load-bench-"));
            Runtime.getRuntime().addShutdownHook(new Thread(benchmark::close, "load-bench-cleanup"));
            return benchmark;
        });
    }

    /**
     * Loads every class of this package now: the tree is shared, and a {@code mvn clean} elsewhere during a run must
     * not take away a class that is first needed at the end.
     */
    private static void preloadOwnClasses() {
        try {
            Path root = Path.of(LoadBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = root.resolve(LoadBenchmark.class.getPackageName().replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                return; // in a jar: nothing can vanish
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".class") && OWN_CLASSES.contains(name.split("[$.]")[0])) {
                        Class.forName(LoadBenchmark.class.getPackageName() + "." + name.substring(0, name.length() - 6),
                                false, LoadBenchmark.class.getClassLoader());
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            System.err.println("(could not preload the benchmark's classes: " + e + ")");
        }
    }

    @Override
    public void run() throws Exception {
        printHeader();
        startOrFindServer();
        setUp(false);
        settle();

        if (params.warmup() > 0) {
            closedLoop("warm-up", params.warmup());
        }
        if (params.messages() > 0) {
            closedLoop("closed loop", params.messages());
        }
        if (params.rate() > 0 && params.openWarmup() > 0) {
            openLoop("open warm-up", params.openWarmup());
        }
        if (params.rate() > 0 && params.seconds() > 0) {
            openLoop("open loop", params.seconds());
        }
        report();
    }

    /** Runs one of issue 22's workloads instead of the phases of {@link #run()}, and returns what it measured. */
    Workload.Measurement run(Workload workload) throws Exception {
        this.workload = workload;
        printHeader();
        OUT.printf(Locale.ROOT, "Workload: %s: %s; target %s%n", workload.id(), workload.description(), workload.target());
        startOrFindServer();
        setUp(workload == Workload.RESUME);
        settle();
        switch (workload) {
            case CLOSED, IDLE -> {
                if (params.warmup() > 0) {
                    closedLoop("warm-up", params.warmup());
                }
                closedLoop("closed loop", params.messages());
            }
            case OPEN -> {
                if (params.openWarmup() > 0) {
                    openLoop("open warm-up", params.openWarmup());
                }
                openLoop("open loop", params.seconds());
            }
            case IDLE_10K -> hold("idle hold", params.seconds());
            case OFFLINE -> offline(params.messages());
            case RESUME -> closedLoop("after resume", params.messages());
        }
        report();
        return measurement();
    }

    /** Sockets the workload opens, and the open-files limit it needs for them (driver and server alike). */
    static long openFilesNeeded(LoadParams params) {
        return params.senders() + params.idle() + 1024L;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Server and setup

    private void startOrFindServer() throws Exception {
        if (params.startsServer()) {
            long start = System.nanoTime();
            Path dataDir = Files.createDirectories(tempDir.resolve("data"));
            server = ServerProcess.start(Path.of(params.serverJar()), dataDir, tempDir, params.serverHeap(),
                    params.serverGc(), params.serverJvmOptions(), params.bcryptStrength());
            serverPid = server.pid();
            baseUrl = "http://127.0.0.1:" + server.port();
            String unhealthy = server.awaitHealthy(Duration.ofSeconds(180));
            OUT.printf(Locale.ROOT, "Server  : child process pid %d, %s after %.1f s at %s%n", serverPid,
                    unhealthy == null ? "healthy" : "up", seconds(System.nanoTime() - start), baseUrl);
            OUT.printf(Locale.ROOT, "          %s (jar copied from %s)%n", server.commandLine(), params.serverJar());
            if (unhealthy != null) {
                OUT.printf(Locale.ROOT, "WARNING : %s%n          (the application answers; going on)%n", unhealthy);
            }
        } else {
            baseUrl = params.serverUrl().replaceAll("/+$", "");
            serverPid = params.serverPid();
            OUT.printf(Locale.ROOT, "Server  : already running at %s; %s%n", baseUrl, serverPid > 0
                    ? "CPU and RSS of pid " + serverPid + " from /proc" : "no CPU/RSS figures (no serverPid given)");
        }
        sampler = new Sampler(serverPid);
        sampler.start();
    }

    private void setUp(boolean resumeRightAfterCreate) throws Exception {
        logPositionAtSetup = server != null ? server.logPosition() : 0;
        RestApi api = new RestApi(baseUrl);
        int pairUsers = params.senders();
        int users = pairUsers + params.idle();
        String prefix = "lb" + UUID.randomUUID().toString().substring(0, 8); // usernames: a-z, 0-9, _ and .
        ExecutorService pool = Executors.newFixedThreadPool(params.setupThreads(), daemon("load-setup"));
        try {
            long start = System.nanoTime();
            List<Future<RestApi.Session>> registered = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String name = prefix + (i < pairUsers ? "_p" + i : "_idle" + (i - pairUsers));
                registered.add(pool.submit(() -> api.registerAndLogin(name)));
            }
            for (Future<RestApi.Session> session : registered) {
                sessions.add(session.get(params.maxSeconds(), TimeUnit.SECONDS));
            }
            long registeredAt = System.nanoTime();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            String wsBase = "ws" + baseUrl.substring("http".length());
            for (int i = 0; i < users; i++) {
                Device device = new Device(i < pairUsers ? i : -1, sessions.get(i).userId(), i >= pairUsers, traffic);
                devices.add(device);
                if (i < pairUsers) {
                    senders.add(device);
                }
            }
            if (resumeRightAfterCreate) {
                createThenResume(api, pool, http, wsBase);
                OUT.printf(Locale.ROOT, "Setup   : %d users registered + logged in (%.1f s); per pair at once: direct "
                                + "conversation opened, both users connected and resumed naming it: %d of %d resumes "
                                + "acked (%.1f s)%n", users, seconds(registeredAt - start), resumesAcked, devices.size(),
                        seconds(System.nanoTime() - registeredAt));
                return;
            }

            List<Future<String>> opened = new ArrayList<>();
            for (int p = 0; p < params.pairs(); p++) {
                RestApi.Session a = sessions.get(2 * p);
                RestApi.Session b = sessions.get(2 * p + 1);
                opened.add(pool.submit(() -> api.openDirect(a, b.userId())));
            }
            for (Future<String> conversation : opened) {
                conversations.add(conversation.get(params.maxSeconds(), TimeUnit.SECONDS));
            }
            long openedAt = System.nanoTime();

            int batch = 50;
            for (int from = 0; from < users; from += batch) {
                List<CompletableFuture<?>> connecting = new ArrayList<>();
                for (int i = from; i < Math.min(users, from + batch); i++) {
                    connecting.add(devices.get(i).connect(http, wsBase, sessions.get(i).accessToken()));
                }
                CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(params.maxSeconds(), TimeUnit.SECONDS);
            }
            long connectedAt = System.nanoTime();
            CompletableFuture.allOf(devices.stream().map(Device::resume).toArray(CompletableFuture[]::new))
                    .get(params.maxSeconds(), TimeUnit.SECONDS);
            long resumedAt = System.nanoTime();

            OUT.printf(Locale.ROOT, "Setup   : %d users registered + logged in (%.1f s), %d direct conversations (%.1f s), "
                            + "%d sockets connected (%.1f s) and resumed {} with ack (%.1f s)%n", users,
                    seconds(registeredAt - start), conversations.size(), seconds(openedAt - registeredAt), devices.size(),
                    seconds(connectedAt - openedAt), seconds(resumedAt - connectedAt));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Per pair, as fast as the setup threads go: opens the direct conversation, then connects both users and resumes
     * naming it, before the read models may have caught up with it (the case that closed sockets in issue 22). Waits
     * until every resume is answered (ack, refusal or close) and counts the acks.
     */
    private void createThenResume(RestApi api, ExecutorService pool, HttpClient http, String wsBase) throws Exception {
        List<CompletableFuture<Void>> resumes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Future<String>> opened = new ArrayList<>();
        for (int p = 0; p < params.pairs(); p++) {
            int first = 2 * p;
            opened.add(pool.submit(() -> {
                String conversation = api.openDirect(sessions.get(first), sessions.get(first + 1).userId());
                for (int i = first; i < first + 2; i++) {
                    devices.get(i).connect(http, wsBase, sessions.get(i).accessToken())
                            .get(params.maxSeconds(), TimeUnit.SECONDS);
                    resumes.add(devices.get(i).resume(Map.of(conversation, 0L)));
                }
                return conversation;
            }));
        }
        for (Future<String> conversation : opened) {
            conversations.add(conversation.get(params.maxSeconds(), TimeUnit.SECONDS));
        }
        try {
            CompletableFuture.allOf(resumes.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .get(params.maxSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            OUT.printf(Locale.ROOT, "WARNING : not every resume was answered within %d s%n", params.maxSeconds());
        }
        resumesAcked = devices.stream().filter(Device::resumeAcked).count();
    }

    /** Lets the server finish the setup's background work (projections) so that it does not count in the first phase. */
    private void settle() throws InterruptedException {
        if (serverPid <= 0) {
            Thread.sleep(1000);
            return;
        }
        long start = System.nanoTime();
        double cores;
        do {
            double before = ProcFs.cpuSeconds(serverPid);
            Thread.sleep(500);
            cores = (ProcFs.cpuSeconds(serverPid) - before) / 0.5;
        } while (cores > 0.15 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
        OUT.printf(Locale.ROOT, "Settle  : server at %.2f cores after %.1f s; load average now %s%n%n", cores,
                seconds(System.nanoTime() - start), ProcFs.loadAverage());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Phases

    private void closedLoop(String name, int perSender) throws InterruptedException {
        closedLoop(name, perSender, senders.size(), true);
    }

    /** The first {@code sendingUsers} senders send; {@code delivering}: wait for the deliveries too. */
    private Phase closedLoop(String name, int perSender, int sendingUsers, boolean delivering) throws InterruptedException {
        int count = sendingUsers;
        Phase phase = traffic.newPhase(name, count, perSender);
        int window = Math.min(params.window(), perSender);
        offered.put(phase, String.format(Locale.ROOT, "W=%d, %d/sender", window, perSender));
        AtomicIntegerArray next = new AtomicIntegerArray(count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(params.maxSeconds());
        AtomicBoolean stop = new AtomicBoolean();
        phase.onAnswer(sender -> {
            if (!stop.get() && System.nanoTime() < deadline) {
                int n = next.getAndIncrement(sender);
                if (n < perSender) {
                    sendMessage(phase, sender, n, Device.AT_SENDING);
                }
            }
        });
        Usage measured = Usage.start(this);
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < window; k++) {
                sendMessage(phase, s, next.getAndIncrement(s), Device.AT_SENDING);
            }
        }
        boolean complete = awaitAnswers(phase, (long) count * perSender, deadline);
        stop.set(true);
        if (delivering) {
            awaitDeliveries(phase);
        }
        usage.put(phase, measured.end(this));
        OUT.printf(Locale.ROOT, "Phase   : %-11s done: %,d sent, %,d delivered%s%n", name, phase.sent.sum(),
                phase.delivered.sum(), complete ? "" : " (INCOMPLETE: time limit or stall)");
        return phase;
    }

    /** Nothing sent for {@code seconds}: the sockets are only held (the RSS and CPU of that are measured). */
    private void hold(String name, int seconds) throws InterruptedException {
        Phase phase = traffic.newPhase(name, senders.size(), 0);
        offered.put(phase, seconds + " s, no traffic");
        Usage measured = Usage.start(this);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        usage.put(phase, measured.end(this));
        OUT.printf(Locale.ROOT, "Phase   : %-11s done: %,d of %,d sockets open%n", name,
                devices.stream().filter(Device::isOpen).count(), devices.size());
    }

    /**
     * Twice (a warm-up round, then the measured one): the second user of the pair goes offline; the first sends it
     * {@code count} messages (closed loop, stored); then it connects again on a new socket, resumes naming the
     * conversation at the last seq it holds and fetches any {@code gap} over REST. {@link #catchUpMs} (measured
     * round): from the start of that connect to the last of them held, from the socket or REST. Then the measured
     * catch-up is done {@link #OFFLINE_REPEATS} more times over the same messages (new socket, same resume): their
     * median is the warm server's figure, the measured round's the one of a server that has done it once before.
     */
    private void offline(int count) throws Exception {
        offlineRound("offline warm-up", count, 0);
        offlineRound("offline", count, count);
        List<Double> totals = new ArrayList<>();
        for (int i = 1; i <= OFFLINE_REPEATS; i++) {
            CatchUpTimes again = catchUp(count);
            totals.add(again.totalMs());
            OUT.printf(Locale.ROOT, "Phase   : offline repeat %d: %,d of %,d held: %s%n", i, again.held(), count, again);
        }
        totals.sort(Comparator.naturalOrder());
        OUT.printf(Locale.ROOT, "Phase   : offline repeats: median %.1f ms, min %.1f, max %.1f (%d catch-ups of the same"
                        + " %,d messages after the measured one)%n", totals.get(totals.size() / 2), totals.get(0),
                totals.get(totals.size() - 1), totals.size(), count);
    }

    private void offlineRound(String name, int count, long heldSeq) throws Exception {
        Device receiver = senders.get(1);
        receiver.close().get(10, TimeUnit.SECONDS);
        receiver.closed.get(10, TimeUnit.SECONDS);
        Phase phase = closedLoop(name, count, 1, false);
        offered.put(phase, String.format(Locale.ROOT, "%,d while offline", count));

        CatchUpTimes times = catchUp(heldSeq);
        awaitDeliveries(phase);
        catchUpMs = phase.delivered.sum() == 0 ? Double.NaN : (phase.lastDelivery.get() - times.connectingNanos()) / 1e6;
        OUT.printf(Locale.ROOT, "Phase   : %s: receiver connected again: %,d of %,d delivered %.1f ms after the connect"
                + " began (%,d on the socket, %,d over REST in %d page(s) for %d gap frame(s); the driver's own close"
                + " of its socket counts as a close below)%n", name, phase.delivered.sum(), phase.acked.sum(),
                catchUpMs, times.streamed(), times.held() - times.streamed(), times.pageMs().size(), times.gaps());
        OUT.printf(Locale.ROOT, "Phase   : %s: %s%n", name, times);
    }

    /**
     * The receiver (closing its current socket first) connects a new socket, resumes naming the conversation at
     * {@code heldSeq} and fetches the gaps over REST: the steps of a device coming back, timed from the connect.
     */
    private CatchUpTimes catchUp(long heldSeq) throws Exception {
        Device previous = senders.get(1);
        previous.close().get(10, TimeUnit.SECONDS);
        previous.closed.get(10, TimeUnit.SECONDS);
        Device again = new Device(previous.index, previous.userId, false, traffic);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        if (receiverApi == null) {
            receiverApi = new RestApi(baseUrl);
        }
        long connecting = System.nanoTime();
        again.connect(http, "ws" + baseUrl.substring("http".length()), sessions.get(1).accessToken())
                .get(params.maxSeconds(), TimeUnit.SECONDS);
        senders.set(1, again);
        devices.set(1, again);
        CompletableFuture<Void> resumed = again.resume(Map.of(conversations.get(0), heldSeq));
        List<Double> pageMs = new ArrayList<>();
        // as docs/protocol.md advises: the gap is fetched as soon as its frame comes, while the socket streams
        again.gapOrResumed.get(params.maxSeconds(), TimeUnit.SECONDS);
        int fetched = fetchGaps(again, 0, pageMs);
        resumed.get(params.maxSeconds(), TimeUnit.SECONDS);
        long acked = System.nanoTime();
        fetchGaps(again, fetched, pageMs);
        return new CatchUpTimes(connecting, ms(again.openedAt, connecting), ms(again.firstGapAt, connecting),
                ms(again.firstStreamedAt, connecting), ms(again.lastStreamedAt, connecting),
                ms(again.resumeAckedAt, connecting), ms(acked, connecting), pageMs,
                ms(again.lastHeldAt, connecting), again.streamed.sum(), again.held.sum(), again.gaps.size());
    }

    private static double ms(long at, long from) {
        return at == 0 ? Double.NaN : (at - from) / 1e6;
    }

    /** The steps of one catch-up, in ms from the start of the connect (NaN: did not happen). */
    record CatchUpTimes(long connectingNanos, double openMs, double gapMs, double firstStreamedMs,
                        double lastStreamedMs, double ackMs, double ackSeenMs, List<Double> pageMs, double totalMs,
                        long streamed, long held, int gaps) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "socket open %.1f, gap frame %.1f, streamed %.1f..%.1f (%,d), resume ack"
                            + " %.1f (driver %.1f), REST pages %s ms each, last held %.1f ms", openMs, gapMs,
                    firstStreamedMs, lastStreamedMs, streamed, ackMs, ackSeenMs,
                    pageMs.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).toList(), totalMs);
        }
    }

    /**
     * What a client does with a {@code gap} frame (docs/protocol.md): pages through the missed seqs over REST, oldest
     * first, the largest page allowed. Fetches the gaps of {@code device} from the {@code from}th on and returns the
     * number fetched so far; adds how long each page took, request to parsed answer, to {@code pageMs}.
     */
    private int fetchGaps(Device device, int from, List<Double> pageMs) throws Exception {
        int next = from;
        RestApi.Session session = sessions.get(1);
        for (; next < device.gaps.size(); next++) {
            Device.Gap gap = device.gaps.get(next);
            long after = gap.fromSeq() - 1;
            boolean more = true;
            while (more && after < gap.toSeq()) {
                long asking = System.nanoTime();
                JsonNode page = receiverApi.get(session, "/api/v1/conversations/" + gap.conversationId()
                        + "/messages?after=" + after + "&limit=" + Math.min(GAP_PAGE, gap.toSeq() - after));
                long now = System.nanoTime();
                pageMs.add((now - asking) / 1e6);
                for (JsonNode message : page.path("messages")) {
                    if (message.path("seq").asLong() <= gap.toSeq()) {
                        device.fetched(message, now);
                    }
                    after = Math.max(after, message.path("seq").asLong());
                }
                more = page.path("hasNewer").asBoolean() && page.path("messages").size() > 0;
            }
        }
        return next;
    }

    private void openLoop(String name, int seconds) throws InterruptedException {
        int count = senders.size();
        long total = (long) params.rate() * seconds;
        int perSender = (int) ((total + count - 1) / count);
        Phase phase = traffic.newPhase(name, count, perSender);
        offered.put(phase, String.format(Locale.ROOT, "%d/s for %d s", params.rate(), seconds));
        int[] sentBy = new int[count];
        Usage measured = Usage.start(this);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long giveUp = start + TimeUnit.SECONDS.toNanos((long) seconds + params.maxSeconds());
        long maxLag = 0;
        long issued = 0;
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / params.rate());
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            if (now > giveUp) {
                break;
            }
            maxLag = Math.max(maxLag, now - due);
            // consecutive messages go to different pairs, alternating the direction
            int pair = (int) (i % params.pairs());
            int sender = 2 * pair + (int) ((i / params.pairs()) % 2);
            sendMessage(phase, sender, sentBy[sender]++, due);
            issued++;
        }
        scheduleLag.put(phase, maxLag);
        boolean complete = awaitAnswers(phase, issued, System.nanoTime() + TimeUnit.SECONDS.toNanos(params.maxSeconds()));
        awaitDeliveries(phase);
        usage.put(phase, measured.end(this));
        OUT.printf(Locale.ROOT, "Phase   : %-11s done: %,d sent, %,d delivered%s%n", phase.name, phase.sent.sum(),
                phase.delivered.sum(), complete && issued == total ? "" : " (INCOMPLETE: time limit or stall)");
    }

    private void sendMessage(Phase phase, int sender, int n, long scheduledNanos) {
        senders.get(sender).send(phase, conversations.get(sender / 2), n, scheduledNanos);
    }

    /** Until every send is answered, the deadline passes, or nothing was answered for {@link #STALL_NANOS}. */
    private boolean awaitAnswers(Phase phase, long expected, long deadline) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastAnswered = -1;
        while (true) {
            long answered = phase.answered();
            long now = System.nanoTime();
            if (answered >= expected) {
                return true;
            }
            if (answered != lastAnswered) {
                lastAnswered = answered;
                lastProgress = now;
            }
            if (now > deadline || now - lastProgress > STALL_NANOS) {
                return false;
            }
            Thread.sleep(2);
        }
    }

    /** Until every acked message reached its recipient, or {@code grace} seconds. */
    private void awaitDeliveries(Phase phase) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(params.grace());
        while (phase.delivered.sum() < phase.acked.sum() || phase.lost() > 0) {
            if (System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(2);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measuring: server CPU/RSS/threads/GC, driver CPU and the whole machine over one phase

    /** Server RSS and thread count, sampled every 100 ms. */
    private static final class Sampler extends Thread {
        private final long pid;
        final AtomicLong maxRssKiB = new AtomicLong(-1);
        final AtomicLong phaseMaxRssKiB = new AtomicLong(-1);
        final AtomicLong phaseMaxThreads = new AtomicLong(-1);

        Sampler(long pid) {
            super("load-sampler");
            setDaemon(true);
            this.pid = pid;
        }

        void resetPhase() {
            phaseMaxRssKiB.set(ProcFs.status(pid, "VmRSS"));
            phaseMaxThreads.set(ProcFs.status(pid, "Threads"));
        }

        @Override
        public void run() {
            while (pid > 0) {
                long rss = ProcFs.status(pid, "VmRSS");
                long threads = ProcFs.status(pid, "Threads");
                maxRssKiB.accumulateAndGet(rss, Math::max);
                phaseMaxRssKiB.accumulateAndGet(rss, Math::max);
                phaseMaxThreads.accumulateAndGet(threads, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private record Usage(long startNanos, double serverCpu0, double driverCpu0, long[] machine0,
                         Map<Long, ProcFs.ThreadTicks> threads0, long gcLogPosition,
                         double wallSeconds, double serverCpu, double driverCpu, double machineBusyCores,
                         long maxRssKiB, long pssKiB, long maxThreads, double[] gcPauses, Map<String, double[]> threadCpu) {

        static Usage start(LoadBenchmark bench) {
            bench.sampler.resetPhase();
            long pid = bench.serverPid;
            return new Usage(System.nanoTime(), pid > 0 ? ProcFs.cpuSeconds(pid) : -1, ProcFs.cpuSeconds(selfPid()),
                    ProcFs.machineTicks(), pid > 0 ? ProcFs.threads(pid) : Map.of(),
                    bench.server != null ? bench.server.gcLogPosition() : 0,
                    0, 0, 0, 0, 0, 0, 0, null, Map.of());
        }

        Usage end(LoadBenchmark bench) {
            long now = System.nanoTime();
            long pid = bench.serverPid;
            double serverCpu = pid > 0 ? ProcFs.cpuSeconds(pid) - serverCpu0 : -1;
            double driverCpu = ProcFs.cpuSeconds(selfPid()) - driverCpu0;
            long[] machine1 = ProcFs.machineTicks();
            Map<Long, ProcFs.ThreadTicks> threads1 = pid > 0 ? ProcFs.threads(pid) : Map.of();
            double wall = (now - startNanos) / 1e9;
            double machineBusy = machine0[1] < 0 || machine1[1] == machine0[1] ? -1
                    : (machine1[0] - machine0[0]) / (double) ProcFs.TICKS_PER_SECOND / wall;
            long rss = bench.sampler.phaseMaxRssKiB.accumulateAndGet(pid > 0 ? ProcFs.status(pid, "VmRSS") : -1, Math::max);
            long pss = pid > 0 ? ProcFs.pssKiB(pid) : -1;
            long maxThreads = bench.sampler.phaseMaxThreads.get();
            double[] gc = bench.server != null ? bench.server.gcPausesSince(gcLogPosition) : null;
            // after the measurement: which Java threads those were (jcmd costs CPU itself)
            Map<Long, String> names = bench.server != null ? bench.server.javaThreadNames() : Map.of();
            Map<String, double[]> byGroup = new HashMap<>();
            ProcFs.ticksSince(threads0, threads1).forEach((tid, used) -> {
                long delta = used.ticks();
                if (delta > 0) {
                    String group = names.getOrDefault(tid, used.name()).replaceAll("[-#_ ]?\\d+$", "")
                            .replaceFirst("^http-nio-[0-9.]+-\\d+-", "http-nio-");
                    double[] sum = byGroup.computeIfAbsent(group, g -> new double[2]);
                    sum[0] += delta / (double) ProcFs.TICKS_PER_SECOND;
                    sum[1]++;
                }
            });
            return new Usage(startNanos, serverCpu0, driverCpu0, machine0, threads0, gcLogPosition, wall, serverCpu,
                    driverCpu, machineBusy, rss, pss, maxThreads, gc, byGroup);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Report

    private void printHeader() {
        Runtime runtime = Runtime.getRuntime();
        OUT.println("=== Parley LoadBenchmark: WebSocket /ws, send -> recipient socket ===");
        OUT.printf(Locale.ROOT, "Machine : %d CPUs (%s), %,d MiB RAM, %s %s %s; load average at start %s%n",
                runtime.availableProcessors(), ProcFs.cpuModel(), ProcFs.memTotalMiB(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), ProcFs.loadAverage());
        OUT.printf(Locale.ROOT, "Java    : %s (%s); driver max heap %,d MiB%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), runtime.maxMemory() / (1024 * 1024));
        OUT.printf(Locale.ROOT, "NOTE    : the driver (this JVM) and the server share these %d CPUs, and so does anything "
                + "else running here:%n          every figure is server + driver on one machine, not the server alone.%n",
                runtime.availableProcessors());
        OUT.printf(Locale.ROOT, "Params  : %s%n", params.describe());
        OUT.println("          (change with -Dname=value or name=value arguments; see bench/README.md)");
    }

    private void report() {
        Map<Integer, Long> unexpectedCloses = snapshot(traffic.closeCodes);
        long openSenders = senders.stream().filter(Device::isOpen).count();
        long openIdle = devices.stream().filter(d -> d.idle && d.isOpen()).count();
        long idleFrames = devices.stream().filter(d -> d.idle).mapToLong(d -> d.framesReceived.sum()).sum();
        List<Phase> phases = traffic.phases;

        OUT.println();
        OUT.println("RESULTS (latency: driver nanoTime at send -> the frame parsed on the recipient's socket; open loop: "
                + "from the scheduled send time)");
        row("", phases, p -> p.name);
        row("offered", phases, offered::get);
        row("sent", phases, p -> count(p.sent.sum()));
        row("acked", phases, p -> count(p.acked.sum()));
        row("error frames", phases, p -> count(p.errors.sum()));
        row("unanswered sends (no ack/error)", phases, p -> count(p.unanswered()));
        row("delivered to recipient socket", phases, p -> count(p.delivered.sum()));
        row("lost (acked, not delivered in grace)", phases, p -> count(p.lost()));
        row("duplicates (any socket)", phases, p -> count(p.duplicates.sum()));
        row("out-of-order (any socket)", phases, p -> count(p.outOfOrder.sum()));
        row("echoes to the sender's own socket", phases, p -> count(p.echoes.sum()));
        row("duration s (first send->last deliv.)", phases, p -> fixed(activeSeconds(p), 2));
        row("sent/s", phases, p -> fixed(p.sent.sum() / sendSeconds(p), 0));
        row("THROUGHPUT delivered/s", phases, p -> fixed(p.delivered.sum() / activeSeconds(p), 0));
        row("LATENCY send->recipient p50 ms", phases, p -> ms(p.latency, 50));
        row("                        p90 ms", phases, p -> ms(p.latency, 90));
        row("                        p99 ms", phases, p -> ms(p.latency, 99));
        row("                      p99.9 ms", phases, p -> ms(p.latency, 99.9));
        row("                        max ms", phases, p -> maxMs(p.latency));
        row("ack latency p50 / p99 ms", phases, p -> ms(p.ackLatency, 50) + " / " + ms(p.ackLatency, 99));
        row("driver schedule lag max ms", phases, p -> scheduleLag.containsKey(p) ? fixed(scheduleLag.get(p) / 1e6, 1) : "-");
        row("measured wall s", phases, p -> fixed(usage.get(p).wallSeconds(), 2));
        row("SERVER CPU s", phases, p -> serverPid > 0 ? fixed(usage.get(p).serverCpu(), 1) : "n/a");
        row("SERVER cores used (CPU s / wall s)", phases, p -> serverPid > 0
                ? fixed(usage.get(p).serverCpu() / usage.get(p).wallSeconds(), 2) : "n/a");
        row("SERVER RSS max MiB", phases, p -> serverPid > 0 ? count(usage.get(p).maxRssKiB() / 1024) : "n/a");
        row("SERVER Pss at the end MiB", phases, p -> serverPid > 0 && usage.get(p).pssKiB() >= 0
                ? count(usage.get(p).pssKiB() / 1024) : "n/a");
        row("server threads max", phases, p -> serverPid > 0 ? count(usage.get(p).maxThreads()) : "n/a");
        row("server GC pauses n / total ms / max", phases, p -> {
            double[] gc = usage.get(p).gcPauses();
            return gc == null ? "n/a" : String.format(Locale.ROOT, "%.0f/%.0f/%.0f", gc[0], gc[1], gc[2]);
        });
        row("server full GCs / heap after last GC", phases, p -> {
            double[] gc = usage.get(p).gcPauses();
            return gc == null ? "n/a" : String.format(Locale.ROOT, "%.0f / %s", gc[3], gc[4] < 0 ? "-" : (long) gc[4] + " MiB");
        });
        row("server allocation stalls n / total ms / max", phases, p -> {
            double[] gc = usage.get(p).gcPauses();
            return gc == null ? "n/a" : String.format(Locale.ROOT, "%.0f/%.0f/%.0f", gc[5], gc[6], gc[7]);
        });
        row("driver cores used", phases, p -> fixed(usage.get(p).driverCpu() / usage.get(p).wallSeconds(), 2));
        row("machine busy cores (all processes)", phases, p -> usage.get(p).machineBusyCores() < 0 ? "?"
                : fixed(usage.get(p).machineBusyCores(), 2));
        OUT.println();

        if (serverPid > 0) {
            OUT.printf(Locale.ROOT, "Server RSS max over the whole run %,d MiB (VmHWM %,d MiB, heap limit %s; with ZGC"
                            + " RSS counts a heap page once per mapping of the heap, up to three: Pss counts it once)%n",
                    sampler.maxRssKiB.get() / 1024, ProcFs.status(serverPid, "VmHWM") / 1024,
                    params.startsServer() ? params.serverHeap() : "?");
            for (Phase phase : phases) {
                if (phase.index == 0 && phases.size() > 1) {
                    continue; // the warm-up's profile is JIT and class loading
                }
                Usage u = usage.get(phase);
                OUT.printf(Locale.ROOT, "Server CPU by thread (%s, %.1f CPU s): ", phase.name, u.serverCpu());
                List<Map.Entry<String, double[]>> top = u.threadCpu().entrySet().stream()
                        .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[0]).reversed())
                        .filter(e -> e.getValue()[0] >= 0.1).limit(24).toList();
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, double[]> entry : top) {
                    parts.add(String.format(Locale.ROOT, "%s x%d %.1fs (%.0f%%)", entry.getKey(), (int) entry.getValue()[1],
                            entry.getValue()[0], 100 * entry.getValue()[0] / Math.max(1e-9, u.serverCpu())));
                }
                OUT.println(String.join(", ", parts));
            }
        }
        Map<String, Long> errorTypes = new java.util.TreeMap<>();
        phases.forEach(p -> p.errorTypes().forEach((type, n) -> errorTypes.merge(p.name + ": " + type, n, Long::sum)));
        OUT.printf(Locale.ROOT, "Error frames by type: %s%n", errorTypes.isEmpty() ? "none" : errorTypes);
        OUT.printf(Locale.ROOT, "Sockets: %d of %d pair sockets and %d of %d idle sockets still open at the end; closed by the "
                        + "server or failed during the run: %s; idle sockets received %,d frames (the resume acks included)%n", openSenders, senders.size(),
                openIdle, params.idle(), unexpectedCloses.isEmpty() ? "none" : unexpectedCloses, idleFrames);
        OUT.printf(Locale.ROOT, "Frames received by type (all sockets, whole run): %s; unparsable %d; send failures %d; "
                        + "sends delayed by the client pacer (%d frames/s per socket): %,d%n",
                new java.util.TreeMap<>(snapshot(traffic.framesByType)), traffic.unparsable.sum(), traffic.sendFailures.sum(),
                params.socketRate(), traffic.pacedSends.sum());
        if (server != null) {
            List<String> problems = server.problemsInLog(logPositionAtSetup, 10);
            OUT.printf(Locale.ROOT, "Server log since the setup began: %s%n", problems.isEmpty() ? "no WARN/ERROR lines"
                    : "WARN/ERROR lines (first 10):");
            problems.forEach(line -> OUT.println("  " + line));
        }
        if (server != null) {
            dataDirectory(phases.stream().mapToLong(p -> p.acked.sum()).sum());
        }
        OUT.printf(Locale.ROOT, "Load average at the end: %s%n", ProcFs.loadAverage());
        if (workload == null) {
            targets(phases);
        }
        OUT.println("Done.");
    }

    /**
     * What the server's data directory holds per stored message, media objects left out (issue 18's bound: 2 KB), right
     * after the run while the server still runs (write-ahead logs included), then after each of {@code idleMinutes}
     * with no traffic (it must not grow while idle).
     */
    private void dataDirectory(long storedMessages) {
        Path data = tempDir.resolve("data");
        try {
            OUT.printf(Locale.ROOT, "Data directory (media left out), right after the run, %,d stored messages: %s%n",
                    storedMessages, DataDirectory.measure(data).describe(storedMessages));
            for (int minute = 1; minute <= params.idleMinutes(); minute++) {
                Thread.sleep(60_000);
                OUT.printf(Locale.ROOT, "  idle %2d min: %s%n", minute, DataDirectory.measure(data).describe(storedMessages));
            }
        } catch (IOException e) {
            OUT.printf(Locale.ROOT, "Data directory: not measured (%s)%n", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Issue 5's round-one targets, standalone on this 2-core machine. */
    private void targets(List<Phase> phases) {
        Phase closed = phases.stream().filter(p -> p.name.equals("closed loop")).findFirst().orElse(null);
        Phase open = phases.stream().filter(p -> p.name.equals("open loop")).findFirst().orElse(null);
        OUT.println();
        OUT.println("Targets (issue 5, round one; meant for pairs=100 window=10, rate=500):");
        if (closed != null) {
            double throughput = closed.delivered.sum() / activeSeconds(closed);
            OUT.printf(Locale.ROOT, "  closed loop >= 1,000 delivered/s : %,.0f/s  %s%n", throughput, throughput >= 1000 ? "MET" : "MISSED");
        }
        if (open != null) {
            double p99 = open.latency.getTotalCount() == 0 ? Double.NaN : open.latency.getValueAtPercentile(99) / 1000.0;
            OUT.printf(Locale.ROOT, "  open loop p99 <= 50 ms           : %.1f ms  %s%n", p99, p99 <= 50 ? "MET" : "MISSED");
        }
        long lost = 0;
        long duplicates = 0;
        long reordered = 0;
        for (Phase p : phases) {
            lost += p.lost() + p.unanswered();
            duplicates += p.duplicates.sum();
            reordered += p.outOfOrder.sum();
        }
        OUT.printf(Locale.ROOT, "  0 lost / 0 duplicates / 0 reordered: %d / %d / %d  %s%n", lost, duplicates, reordered,
                lost + duplicates + reordered == 0 ? "MET" : "MISSED");
    }

    private Workload.Measurement measurement() {
        List<Phase> phases = traffic.phases;
        Phase last = phases.get(phases.size() - 1);
        long lost = 0;
        long duplicates = 0;
        long reordered = 0;
        long unanswered = 0;
        for (Phase p : phases) {
            lost += p.lost();
            unanswered += p.unanswered();
            duplicates += p.duplicates.sum();
            reordered += p.outOfOrder.sum();
        }
        double p50 = last.latency.getTotalCount() == 0 ? Double.NaN : last.latency.getValueAtPercentile(50) / 1000.0;
        double p99 = last.latency.getTotalCount() == 0 ? Double.NaN : last.latency.getValueAtPercentile(99) / 1000.0;
        long gaps = traffic.framesByType.getOrDefault("gap", new java.util.concurrent.atomic.LongAdder()).sum();
        return new Workload.Measurement(last.delivered.sum() / activeSeconds(last), p50, p99, last.sent.sum(),
                last.delivered.sum(), lost, duplicates, reordered, unanswered,
                devices.stream().filter(Device::isOpen).count(), devices.size(), resumesAcked,
                workload == Workload.RESUME ? devices.size() : -1, catchUpMs, gaps,
                serverPid > 0 ? sampler.maxRssKiB.get() / 1024 : -1);
    }

    private interface Cell {
        String of(Phase phase);
    }

    private static void row(String label, List<Phase> phases, Cell cell) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-38s", label));
        for (Phase phase : phases) {
            line.append(String.format(Locale.ROOT, " %19s", cell.of(phase)));
        }
        OUT.println(line);
    }

    private static double activeSeconds(Phase p) {
        long end = Math.max(p.lastDelivery.get(), p.lastAnswer.get());
        return p.firstSend.get() == Long.MAX_VALUE || end == Long.MIN_VALUE ? Double.NaN : (end - p.firstSend.get()) / 1e9;
    }

    private static double sendSeconds(Phase p) {
        return p.firstSend.get() == Long.MAX_VALUE ? Double.NaN
                : Math.max(1e-3, (p.lastSend.get() - p.firstSend.get()) / 1e9);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static String ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", histogram.getValueAtPercentile(percentile) / 1000.0);
    }

    private static String maxMs(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", histogram.getMaxValue() / 1000.0);
    }

    private static <K> Map<K, Long> snapshot(Map<K, java.util.concurrent.atomic.LongAdder> counters) {
        Map<K, Long> values = new LinkedHashMap<>();
        counters.forEach((key, value) -> values.put(key, value.sum()));
        return values;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long selfPid() {
        return ProcessHandle.current().pid();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stopping: sockets closed, child process stopped, temporary directory deleted (also on Ctrl-C)

    @Override
    public String failureContext() {
        ServerProcess running = server;
        return running == null ? "" : "Server log ends:\n" + running.logTail(30);
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.interrupt();
        }
        if (!devices.isEmpty()) {
            try {
                CompletableFuture.allOf(devices.stream().map(Device::close).toArray(CompletableFuture[]::new))
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // whatever did not close politely is aborted below
            }
            devices.forEach(Device::abort);
            devices.clear();
        }
        timer.shutdownNow();
        ServerProcess running = server;
        if (running != null) {
            running.close();
        }
        if (Files.exists(tempDir)) {
            BenchmarkRun.deleteRecursively(tempDir);
        }
    }
}
