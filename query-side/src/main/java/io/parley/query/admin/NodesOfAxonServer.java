package io.parley.query.admin;

import io.axoniq.axonserver.connector.ResultStream;
import io.axoniq.axonserver.connector.admin.AdminChannel;
import io.axoniq.axonserver.grpc.admin.EventProcessor;
import io.axoniq.axonserver.grpc.admin.EventProcessorInstance;
import io.axoniq.axonserver.grpc.admin.EventProcessorSegment;
import io.parley.platform.problem.Outages;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Several query-side nodes share each processor's segments, their tokens in the shared token store. How far each
 * segment is and which node holds it (its owner) are read from that store; whether it is caught up or failing from
 * Axon Server, which every node tells how its processors do. Axon Server also relays a pause or a start to every
 * node that runs a processor (its admin API, answered on each node by the connector's event processor control), so
 * a replay can be asked of any node.
 */
final class NodesOfAxonServer implements ProcessorNodes {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Axon's token table (its default schema, as {@code config/parley-token-store.sql} creates it). */
    private static final String TOKENS = """
            SELECT segment, owner, token, tokenType, timestamp FROM TokenEntry WHERE processorName = ? ORDER BY segment""";

    private final AxonServerConnectionManager connections;
    private final JdbcTemplate tokenStore;
    private final Serializer serializer;

    NodesOfAxonServer(AxonServerConnectionManager connections, DataSource tokenStore, Serializer serializer) {
        this.connections = connections;
        this.tokenStore = new JdbcTemplate(tokenStore);
        this.serializer = serializer;
    }

    @Override
    public Progress progress(StreamingEventProcessor processor) {
        List<EventProcessorInstance> instances = instances(processor);
        Map<Integer, EventProcessorSegment> told = new HashMap<>();
        instances.forEach(instance -> instance.getClaimedSegmentList()
                .forEach(segment -> told.put(segment.getId(), segment)));
        List<StoredToken> stored = tokenStore.query(TOKENS, (row, n) -> new StoredToken(row.getInt("segment"),
                row.getString("owner"), new GenericTokenEntry<>(row.getBytes("token"), row.getString("tokenType"),
                row.getString("timestamp"), row.getString("owner"), processor.getName(), row.getInt("segment"),
                byte[].class).getToken(serializer)), processor.getName());
        int[] ids = stored.stream().mapToInt(StoredToken::segment).toArray();
        List<ProjectionSegment> segments = new ArrayList<>();
        for (StoredToken token : stored) {
            EventProcessorSegment status = told.get(token.segment());
            long position = TokenPositions.of(token.token());
            Long replayUpTo = ReplayToken.isReplay(token.token())
                    ? TokenPositions.of(((ReplayToken) token.token()).getTokenAtReset()) : null;
            boolean replaying = replayUpTo != null && position < replayUpTo;
            segments.add(new ProjectionSegment(token.segment(), Segment.computeSegment(token.segment(), ids).getMask() + 1,
                    token.owner(), position,
                    status != null && status.getIsCaughtUp(), replaying, replaying ? replayUpTo : null,
                    status != null && status.getIsInError() ? status.getError() : null));
        }
        return new Progress(instances.stream().anyMatch(EventProcessorInstance::getIsRunning), segments);
    }

    private record StoredToken(int segment, String owner, TrackingToken token) {
    }

    @Override
    public void stopEverywhere(StreamingEventProcessor processor) {
        await(admin().pauseEventProcessor(processor.getName(), processor.getTokenStoreIdentifier()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (processor.isRunning() || instances(processor).stream()
                .anyMatch(instance -> instance.getIsRunning() || instance.getClaimedSegmentCount() > 0)) {
            if (System.nanoTime() > deadline) {
                startEverywhere(processor);
                throw Outages.unavailable("Not every node stopped " + processor.getName() + " within "
                        + WAIT.toSeconds() + " s; it runs again, nothing was reset");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw Outages.unavailable("Interrupted while waiting for the nodes to stop " + processor.getName());
            }
        }
    }

    @Override
    public void startEverywhere(StreamingEventProcessor processor) {
        await(admin().startEventProcessor(processor.getName(), processor.getTokenStoreIdentifier()));
    }

    /** The nodes that run this processor (same name, same token store), as Axon Server was last told. */
    private List<EventProcessorInstance> instances(StreamingEventProcessor processor) {
        List<EventProcessorInstance> instances = new ArrayList<>();
        try (ResultStream<EventProcessor> processors = admin().eventProcessors()) {
            EventProcessor next;
            while ((next = processors.nextIfAvailable(WAIT.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                if (next.getIdentifier().getProcessorName().equals(processor.getName())
                        && next.getIdentifier().getTokenStoreIdentifier().equals(processor.getTokenStoreIdentifier())) {
                    instances.addAll(next.getClientInstanceList());
                }
            }
            if (!processors.isClosed() || processors.getError().isPresent()) {
                throw Outages.unavailable("Axon Server did not list the event processors: " + processors.getError()
                        .map(String::valueOf).orElse("no answer within " + WAIT.toSeconds() + " s"));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw Outages.unavailable("Interrupted while asking Axon Server for the event processors");
        }
        return instances;
    }

    private AdminChannel admin() {
        return connections.getConnection().adminChannel();
    }

    private static void await(CompletableFuture<?> request) {
        try {
            request.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw Outages.unavailable("Axon Server did not relay the request: " + failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw Outages.unavailable("Interrupted while waiting for Axon Server");
        }
    }
}
