package io.parley.command.conversation;

import io.parley.command.axon.AggregateCaches;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps conversations fast to load: cached while in use, snapshotted every so many events. */
@Configuration
@EnableConfigurationProperties({ConversationLimits.class, MessageActionLimits.class})
class ConversationConfiguration {

    @Bean
    Cache conversationCache(AggregateCaches caches, @Value("${parley.conversations.cached:5000}") int maxCached) {
        return caches.bounded("conversations", maxCached);
    }

    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(Snapshotter snapshotter,
                                                          @Value("${parley.conversations.snapshot-every:500}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
