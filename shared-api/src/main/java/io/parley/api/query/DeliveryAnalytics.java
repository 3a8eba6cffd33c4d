package io.parley.api.query;

import java.time.LocalDate;
import java.util.List;

/**
 * Per day a message was sent (UTC): how many, and how long until each recipient's delivered and read watermark
 * covered it, taken from event times. Percentiles are of a histogram with two significant digits.
 */
public record DeliveryAnalytics(List<Day> days) {

    public record Day(LocalDate day, long messagesSent, Latency sentToDelivered, Latency sentToRead) {
    }

    /** {@code p50Millis}/{@code p99Millis} are null without samples. */
    public record Latency(long samples, Long p50Millis, Long p99Millis) {
    }
}
