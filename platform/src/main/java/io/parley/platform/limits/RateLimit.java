package io.parley.platform.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How many tries a key gets: one or more rates that must all allow a try, written {@code "5/1m, 20/1h"} (5 a minute
 * and 20 an hour; units {@code s}, {@code m}, {@code h}, {@code d}), or {@code "unlimited"}. Each rate is a token
 * bucket that starts full and refills smoothly, so a burst of its size passes and then one try per period/size.
 */
public record RateLimit(List<Rate> rates) {

    public static final RateLimit UNLIMITED = new RateLimit(List.of());

    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)\\s*([smhd])");

    /** {@code tokens} tries per {@code period}. */
    public record Rate(long tokens, Duration period) {
        public Rate {
            if (tokens < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate needs at least one try in a positive period");
            }
        }

        @Override
        public String toString() {
            long seconds = period.toSeconds();
            String unit = seconds % 86_400 == 0 ? seconds / 86_400 + "d" : seconds % 3600 == 0 ? seconds / 3600 + "h"
                    : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
            return tokens + "/" + unit;
        }
    }

    public RateLimit {
        rates = List.copyOf(rates);
    }

    /** Parses {@code "5/1m, 20/1h"} or {@code "unlimited"}; Spring Boot binds configuration properties through it. */
    public static RateLimit valueOf(String spec) {
        String trimmed = spec.trim();
        if (trimmed.equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        List<Rate> rates = new ArrayList<>();
        for (String part : trimmed.split(",")) {
            Matcher rate = RATE.matcher(part.trim().toLowerCase(Locale.ROOT));
            if (!rate.matches()) {
                throw new IllegalArgumentException("not a rate limit: \"" + spec
                        + "\" (expected e.g. \"5/1m, 20/1h\" or \"unlimited\")");
            }
            rates.add(new Rate(Long.parseLong(rate.group(1)), period(Long.parseLong(rate.group(2)), rate.group(3))));
        }
        return new RateLimit(rates);
    }

    public boolean unlimited() {
        return rates.isEmpty();
    }

    /** After this long without a try, a bucket is full again: forgetting it then changes nothing. */
    Duration refillTime() {
        return rates.stream().map(Rate::period).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    Bucket newBucket() {
        LocalBucketBuilder bucket = Bucket.builder();
        for (Rate rate : rates) {
            bucket.addLimit(Bandwidth.builder().capacity(rate.tokens()).refillGreedy(rate.tokens(), rate.period()).build());
        }
        return bucket.build();
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : rates.stream().map(Rate::toString).collect(Collectors.joining(", "));
    }

    private static Duration period(long amount, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
