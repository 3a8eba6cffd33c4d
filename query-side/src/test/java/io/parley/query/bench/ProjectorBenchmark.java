package io.parley.query.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.UserId;
import io.parley.api.account.Username;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.query.GetHistory;
import io.parley.api.query.HistoryPage;
import io.parley.platform.cdn.CdnLinkSigner;
import io.parley.platform.cdn.CdnProperties;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The conversations projector alone, no application, no event store: events built in memory and delivered in
 * batches (as the tracking processor does) to {@code ConversationProjector} on a mongo-java-server, then history
 * pages read through {@code HistoryQueries}. Not a test (no {@code Test} in its name); run it from the repository root:
 *
 * <pre>
 * mvn -q -B -o test-compile -pl query-side
 * mvn -q -B -o dependency:build-classpath -pl query-side -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/qs.cp
 * H2B=~/.m2/repository/de/bwaldvogel/mongo-java-server-h2-backend/1.47.0/mongo-java-server-h2-backend-1.47.0.jar
 * java -Xmx3g -cp "query-side/target/test-classes:query-side/target/classes:$(cat /tmp/qs.cp):$H2B" \
 *     io.parley.query.bench.ProjectorBenchmark backend=h2 directs=20000 fill=100000 pages=2000
 * </pre>
 * {@code backend=memory|h2} ({@code h2} needs {@code mongo-java-server-h2-backend} on the class path);
 * {@code directs}: messages round-robin over 8 direct conversations (each: a sender and the reader);
 * {@code fill}: messages by 8 senders into one group of 9; {@code batch}: events per batch (250); {@code pages}:
 * 50-message history pages of the group at random points (after 200 unmeasured), alternately for the reader (who
 * sent nothing) and for a sender (whose page also reads the other members' watermarks for the message status).
 */
public final class ProjectorBenchmark {

    public static void main(String[] args) throws Exception {
        String backendName = arg(args, "backend", "memory");
        int directs = Integer.parseInt(arg(args, "directs", "20000"));
        int fill = Integer.parseInt(arg(args, "fill", "100000"));
        int batch = Integer.parseInt(arg(args, "batch", "250"));
        int pages = Integer.parseInt(arg(args, "pages", "2000"));
        MongoBackend backend;
        Path dir = null;
        if (backendName.equals("h2")) {
            dir = Files.createTempDirectory("projector-bench-");
            backend = (MongoBackend) Class.forName("de.bwaldvogel.mongo.backend.h2.H2Backend")
                    .getConstructor(String.class).newInstance(dir.resolve("mongo.mv").toString());
        } else {
            backend = new MemoryBackend();
        }
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoTemplate mongo = new MongoTemplate(client, "bench");
            Object projector = construct("io.parley.query.conversation.ConversationProjector", mongo);
            AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projector);
            System.out.printf(Locale.ROOT, "ProjectorBenchmark backend=%s directs=%d fill=%d batch=%d, %d cpus, load %s%n",
                    backendName, directs, fill, batch, Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim());

            Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
            List<Object> events = new ArrayList<>();
            UserId reader = UserId.of("reader");
            List<UserId> senders = new ArrayList<>();
            events.add(new AccountRegistered(reader, Username.of("reader"), "Reader", "x", t0));
            for (int i = 0; i < 8; i++) {
                UserId sender = UserId.of("sender" + i);
                senders.add(sender);
                events.add(new AccountRegistered(sender, Username.of("sender" + i), "Sender " + i, "x", t0));
            }
            List<ConversationId> conversations = new ArrayList<>();
            for (UserId sender : senders) {
                ConversationId direct = ConversationId.direct(reader, sender);
                conversations.add(direct);
                events.add(new DirectConversationStarted(direct, reader, List.of(reader, sender), t0));
            }
            long position = deliver(adapter, events, 0, batch);
            events.clear();
            String text = "Parley benchmark message. The quick brown fox jumps over the lazy dog. 0123456789";
            long[] seqs = new long[8];
            for (int i = 0; i < directs; i++) {
                int s = i % 8;
                long seq = ++seqs[s];
                events.add(new MessageSent(conversations.get(s), MessageId.at(conversations.get(s), seq), seq,
                        senders.get(s), "c" + i, text, null, t0.plusMillis(i)));
            }
            long start = System.nanoTime();
            long cpu = cpuNanos();
            position = deliver(adapter, events, position, batch);
            double secs = (System.nanoTime() - start) / 1e9;
            double cpuSecs = (cpuNanos() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "directs: %,d MessageSent over 8 direct conversations in %.1f s = %,.0f events/s"
                    + " (%.1f CPU s in this JVM, mongo server included = %,.0f events per CPU second)%n",
                    directs, secs, directs / secs, cpuSecs, directs / cpuSecs);
            events.clear();

            ConversationId group = ConversationId.of("big");
            List<UserId> everyone = new ArrayList<>(senders);
            everyone.add(0, reader);
            events.add(new GroupCreated(group, "big", reader, everyone, t0));
            for (int i = 0; i < fill; i++) {
                events.add(new MessageSent(group, MessageId.at(group, i + 1), i + 1, senders.get(i % 8), "g" + i, text,
                        null, t0.plusMillis(i)));
            }
            start = System.nanoTime();
            cpu = cpuNanos();
            deliver(adapter, events, position, batch);
            secs = (System.nanoTime() - start) / 1e9;
            cpuSecs = (cpuNanos() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "fill: %,d MessageSent into one group of 9 in %.1f s = %,.0f events/s"
                    + " (%.1f CPU s = %,.0f events per CPU second)%n", fill, secs, fill / secs, cpuSecs, fill / cpuSecs);
            events.clear();

            if (fill > 50 && pages > 0) {
                Object reads = construct("io.parley.query.conversation.ConversationReads", mongo);
                Constructor<?> viewsConstructor = Class.forName("io.parley.query.history.MessageViews")
                        .getDeclaredConstructor(MongoTemplate.class, CdnLinkSigner.class);
                viewsConstructor.setAccessible(true);
                Object views = viewsConstructor.newInstance(mongo,
                        new CdnLinkSigner(new CdnProperties(null, "", java.time.Duration.ofHours(1))));
                Constructor<?> c = Class.forName("io.parley.query.history.HistoryQueries").getDeclaredConstructors()[0];
                c.setAccessible(true);
                Object queries = c.newInstance(reads, views);
                Method handle = queries.getClass().getDeclaredMethod("handle", GetHistory.class);
                handle.setAccessible(true);
                Random random = new Random(1);
                long[] nanos = new long[pages];
                for (int i = -200; i < pages; i++) {
                    long before = 51 + random.nextInt(fill - 50);
                    UserId who = i % 2 == 0 ? reader : senders.get(0);
                    long t = System.nanoTime();
                    HistoryPage page = (HistoryPage) handle.invoke(queries, new GetHistory(group, who, before, null, 50));
                    long took = System.nanoTime() - t;
                    if (page.messages().size() != 50) {
                        throw new IllegalStateException("page of " + page.messages().size());
                    }
                    if (i >= 0) {
                        nanos[i] = took;
                    }
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "history (HistoryQueries, no HTTP), %,d messages stored (%,d in the group): "
                                + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", directs + fill, fill,
                        nanos[pages / 2] / 1e6, nanos[pages * 9 / 10] / 1e6, nanos[pages * 99 / 100] / 1e6,
                        nanos[pages - 1] / 1e6);
            }
        } finally {
            server.shutdownNow();
            if (dir != null) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static long deliver(AnnotationEventHandlerAdapter adapter, List<Object> events, long position, int batchSize) {
        for (int start = 0; start < events.size(); start += batchSize) {
            List<EventMessage<?>> batch = new ArrayList<>();
            for (Object event : events.subList(start, Math.min(events.size(), start + batchSize))) {
                TrackedEventMessage<?> message = new GenericTrackedEventMessage<>(
                        new GlobalSequenceTrackingToken(position++), GenericEventMessage.asEventMessage(event));
                batch.add(message);
            }
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
            var result = unitOfWork.executeWithResult(() -> {
                adapter.handle(unitOfWork.getMessage());
                return null;
            });
            if (result.isExceptional()) {
                throw new IllegalStateException("batch failed", result.exceptionResult());
            }
        }
        return position;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Object construct(String className, MongoTemplate mongo) throws Exception {
        Constructor<?> constructor = Class.forName(className).getDeclaredConstructor(MongoTemplate.class);
        constructor.setAccessible(true);
        return constructor.newInstance(mongo);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return System.getProperty(name, fallback);
    }
}
