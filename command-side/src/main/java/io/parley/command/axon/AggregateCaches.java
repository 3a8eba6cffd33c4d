package io.parley.command.axon;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;

import javax.cache.CacheManager;
import javax.cache.Caching;
import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The aggregate caches of one application: Caffeine caches (size-bound, strong references, so a busy aggregate is not
 * dropped at the next garbage collection as with Axon's {@code WeakReferenceCache}) reached through JCache and handed
 * to Axon by its own {@link JCacheAdapter}. Closing it closes every cache it made.
 */
public final class AggregateCaches implements AutoCloseable {

    private final CacheManager manager;

    public AggregateCaches() {
        // a cache manager of its own, so that two applications in one JVM (the tests) never share a cache by name
        this.manager = Caching.getCachingProvider(CaffeineCachingProvider.class.getName())
                .getCacheManager(URI.create("parley:aggregates:" + UUID.randomUUID()), getClass().getClassLoader());
    }

    /** A cache holding at most {@code maxEntries} aggregates; the least valuable ones (Caffeine's policy) leave first. */
    public Cache bounded(String name, long maxEntries) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(maxEntries));
        // aggregates are kept as they are, not copied (JCache's default copies every value by serialization)
        configuration.setStoreByValue(false);
        // evictions and entry events run on the writing thread, as the command handling's own unit of work does
        configuration.setExecutorFactory(() -> (Executor) Runnable::run);
        return new JCacheAdapter(manager.createCache(name, configuration));
    }

    @Override
    public void close() {
        manager.close();
    }
}
