package io.parley.platform.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets by key (an account, an address, …), held in memory and bounded: a bucket is dropped once it has been
 * idle long enough to be full again, and at most {@code maxKeys} are kept (Caffeine evicts the least useful first).
 */
public final class KeyedBuckets {

    private record Entry(Bucket bucket, Duration refillTime) {
    }

    private final Cache<Object, Entry> entries;

    public KeyedBuckets(long maxKeys) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfter(Expiry.<Object, Entry>accessing((key, entry) -> entry.refillTime()))
                .build();
    }

    /** Takes a try from the key's bucket: empty if granted, else how long until one would be. */
    public Optional<Duration> tryTake(Object key, RateLimit limit) {
        if (limit.unlimited()) {
            return Optional.empty();
        }
        ConsumptionProbe probe = entries.get(key, k -> new Entry(limit.newBucket(), limit.refillTime()))
                .bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Gives back a try taken by {@link #tryTake} that was not used after all. */
    public void giveBack(Object key) {
        Entry entry = entries.getIfPresent(key);
        if (entry != null) {
            entry.bucket().addTokens(1);
        }
    }

    /** Without taking anything (nor keeping the bucket from expiring): empty if the key has a try left, else how long until it has one. */
    public Optional<Duration> waitFor(Object key) {
        Entry entry = entries.policy().getIfPresentQuietly(key);
        if (entry == null) {
            return Optional.empty();
        }
        EstimationProbe probe = entry.bucket().estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Whether the key took a try recently enough that its bucket is not full again yet. */
    public boolean isTracked(Object key) {
        return entries.policy().getIfPresentQuietly(key) != null;
    }

    public void forget(Object key) {
        entries.invalidate(key);
    }
}
