package io.parley.platform.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitTest {

    @Test
    void readsRatesAsConfigurationWritesThem() {
        RateLimit limit = RateLimit.valueOf(" 5/1m, 20 / 1h,100/2d,3/30s ");

        assertThat(limit.rates()).containsExactly(new RateLimit.Rate(5, Duration.ofMinutes(1)),
                new RateLimit.Rate(20, Duration.ofHours(1)), new RateLimit.Rate(100, Duration.ofDays(2)),
                new RateLimit.Rate(3, Duration.ofSeconds(30)));
        assertThat(limit).hasToString("5/1m, 20/1h, 100/2d, 3/30s");
        assertThat(RateLimit.valueOf(limit.toString())).isEqualTo(limit);
        assertThat(RateLimit.valueOf("Unlimited").unlimited()).isTrue();
    }

    @Test
    void refusesWhatIsNotARate() {
        for (String bad : List.of("", "5", "5/m", "5/1w", "0/1m", "5/0s", "-1/1m", "5/1m;20/1h")) {
            assertThatThrownBy(() -> RateLimit.valueOf(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aKeyGetsItsBurstThenWaitsAndKeysDoNotShare() {
        KeyedBuckets buckets = new KeyedBuckets(100);
        RateLimit twoAnHour = RateLimit.valueOf("2/1h");

        assertThat(buckets.tryTake("a", twoAnHour)).isEmpty();
        assertThat(buckets.tryTake("a", twoAnHour)).isEmpty();
        assertThat(buckets.tryTake("a", twoAnHour)).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30)));
        assertThat(buckets.tryTake("b", twoAnHour)).isEmpty();

        buckets.giveBack("a");
        assertThat(buckets.waitFor("a")).isEmpty();
        assertThat(buckets.isTracked("c")).isFalse();
        assertThat(buckets.waitFor("c")).as("checking creates nothing").isEmpty();
        assertThat(buckets.isTracked("c")).isFalse();
    }

    @Test
    void anIpv6AddressCountsAsItsSlash64() {
        assertThat(ClientAddress.of("2001:db8:1:2:3:4:5:6")).isEqualTo(ClientAddress.of("2001:db8:1:2::9"))
                .isNotEqualTo(ClientAddress.of("2001:db8:1:3::9"));
        assertThat(ClientAddress.of("203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertThat(RateLimitFilter.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(RateLimitFilter.retryAfterSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(RateLimitFilter.retryAfterSeconds(Duration.ofSeconds(720))).isEqualTo(720);
        assertThat(RateLimitFilter.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }
}
