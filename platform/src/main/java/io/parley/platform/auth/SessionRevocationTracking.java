package io.parley.platform.auth;

import io.parley.api.account.DeviceSessionRevoked;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;

import java.time.Instant;
import java.util.UUID;

/**
 * Feeds {@link DeviceSessionRevoked} events into a node's {@link SessionRevocations}. Every node (every service JVM,
 * every replica) must see every revocation, so each runs a tracking processor of its own: named
 * {@code session-revocations@<random>} (nodes never share or split its segment), its token in memory, and starting an
 * access-token lifetime in the past, so that a (re)started node knows every revocation whose tokens may still be
 * presented. Nothing here asks the write model: revocations are learned from the event stream.
 */
public final class SessionRevocationTracking {

    public static final String PROCESSING_GROUP = "session-revocations";

    private SessionRevocationTracking() {
    }

    /** Registers this node's processor; returns its name. */
    public static String register(EventProcessingConfigurer processing, SessionRevocations revocations) {
        String processor = PROCESSING_GROUP + "@" + UUID.randomUUID();
        processing.registerEventHandler(configuration -> new Handler(revocations))
                .assignProcessingGroup(PROCESSING_GROUP, processor)
                .registerTrackingEventProcessor(processor, Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andInitialTrackingToken(source -> source.createTokenAt(
                                        Instant.now().minus(revocations.accessTokenTtl()))))
                .registerTokenStore(processor, configuration -> new InMemoryTokenStore());
        return processor;
    }

    @ProcessingGroup(PROCESSING_GROUP)
    static final class Handler {

        private final SessionRevocations revocations;

        Handler(SessionRevocations revocations) {
            this.revocations = revocations;
        }

        @EventHandler
        void on(DeviceSessionRevoked event) {
            revocations.record(event);
        }
    }
}
