package io.parley.query.analytics;

import io.parley.api.query.DeliveryAnalytics.Latency;

import java.util.Map;
import java.util.TreeMap;

/**
 * Latencies counted in buckets of two significant digits (0–99 ms exact, then 100, 110, …, 1000, 1100, …): a
 * document of a handful of counters per day, whose percentiles are within 10 % and the same however built.
 */
final class LatencyHistogram {

    private LatencyHistogram() {
    }

    static String bucket(long millis) {
        long value = Math.max(0, millis);
        long scale = 1;
        while (value / scale >= 100) {
            scale *= 10;
        }
        return "b" + (value / scale * scale);
    }

    static Latency latency(Map<String, Long> buckets) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        long total = 0;
        if (buckets != null) {
            for (Map.Entry<String, Long> bucket : buckets.entrySet()) {
                long count = bucket.getValue();
                counts.merge(Long.parseLong(bucket.getKey().substring(1)), count, Long::sum);
                total += count;
            }
        }
        if (total == 0) {
            return new Latency(0, null, null);
        }
        return new Latency(total, percentile(counts, total, 0.50), percentile(counts, total, 0.99));
    }

    private static long percentile(TreeMap<Long, Long> counts, long total, double quantile) {
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (Map.Entry<Long, Long> bucket : counts.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return bucket.getKey();
            }
        }
        return counts.lastKey();
    }
}
