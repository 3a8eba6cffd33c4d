package io.parley.api.query;

import java.time.LocalDate;

/** Per UTC day from {@code from} to {@code to} (inclusive). Answers {@link DeliveryAnalytics}. */
public record GetDeliveryAnalytics(LocalDate from, LocalDate to) {

    public static final int MAX_DAYS = 366;
}
