package io.parley.command.axon;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

class AggregateCachesTest {

    private final AggregateCaches caches = new AggregateCaches();

    @AfterEach
    void close() {
        caches.close();
    }

    @Test
    void holdsNoMoreThanTheBoundAndTheLeastUsedEntriesLeave() {
        Cache cache = caches.bounded("bound", 10);
        cache.put("hot", "kept");

        IntStream.range(0, 1_000).forEach(i -> {
            cache.put("cold-" + i, i);
            cache.get("hot");
        });

        assertThat(cache.<String, String>get("hot")).as("the entry in use").isEqualTo("kept");
        assertThat(cache.containsKey("cold-0")).as("the oldest entry, never read").isFalse();
        long present = IntStream.range(0, 1_000).filter(i -> cache.containsKey("cold-" + i)).count() + 1;
        assertThat(present).isLessThanOrEqualTo(10);
    }

    @Test
    void tellsAxonsListenersOfEveryEntryAndEveryEviction() {
        Cache cache = caches.bounded("listened", 3);
        List<Object> created = new CopyOnWriteArrayList<>();
        List<Object> evicted = new CopyOnWriteArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                created.add(key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                evicted.add(key);
            }

            @Override
            public void onEntryExpired(Object key) {
                evicted.add(key);
            }
        });

        IntStream.range(0, 10).forEach(i -> cache.put("key-" + i, i));

        assertThat(created).hasSize(10);
        assertThat(evicted).hasSize(7).doesNotHaveDuplicates().allSatisfy(key -> assertThat(cache.containsKey(key)).isFalse());
    }

    @Test
    void reusesACachedAggregateAndReloadsAnEvictedOneFromItsEvents() {
        Cache cache = caches.bounded("tallies", 2);
        Configuration axon = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(configuration -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Tally.class)
                        .configureCache(configuration -> cache))
                .buildConfiguration();
        axon.start();
        try {
            Tally.LOADS.set(0);
            axon.commandGateway().sendAndWait(new Open("a"));
            assertThat((Integer) axon.commandGateway().sendAndWait(new Add("a", 1))).isEqualTo(1);
            assertThat(Tally.LOADS).as("the second command used the cached aggregate").hasValue(0);

            // busier aggregates push "a" out of the bound
            for (int other = 0; other < 20 && cache.containsKey("a"); other++) {
                String id = "other-" + other;
                axon.commandGateway().sendAndWait(new Open(id));
                IntStream.range(0, 10).forEach(add -> axon.commandGateway().sendAndWait(new Add(id, 1)));
            }
            assertThat(cache.containsKey("a")).as("evicted").isFalse();
            int loadsBefore = Tally.LOADS.get();

            assertThat((Integer) axon.commandGateway().sendAndWait(new Add("a", 2))).isEqualTo(3);
            assertThat(Tally.LOADS).as("reloaded from its events").hasValue(loadsBefore + 1);
        } finally {
            axon.shutdown();
        }
    }

    record Open(@TargetAggregateIdentifier String id) {
    }

    record Add(@TargetAggregateIdentifier String id, int amount) {
    }

    record Opened(String id) {
    }

    record Added(String id, int amount) {
    }

    static class Tally {

        static final AtomicInteger LOADS = new AtomicInteger();

        @AggregateIdentifier
        private String id;
        private int total;

        Tally() {
            LOADS.incrementAndGet();
        }

        @CommandHandler
        Tally(Open command) {
            apply(new Opened(command.id()));
        }

        @CommandHandler
        int handle(Add command) {
            apply(new Added(command.id(), command.amount()));
            return total;
        }

        @EventSourcingHandler
        void on(Opened event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(Added event) {
            total += event.amount();
        }
    }
}
