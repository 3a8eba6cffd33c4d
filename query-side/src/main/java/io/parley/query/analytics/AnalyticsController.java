package io.parley.query.analytics;

import io.parley.platform.auth.Caller;
import io.parley.api.problem.Rejection;
import io.parley.api.query.DeliveryAnalytics;
import io.parley.api.query.GetDeliveryAnalytics;
import io.parley.query.web.Analysts;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** For analysts: delivery figures per day; {@code from}/{@code to} are UTC dates, by default the last 30 days. */
@RestController
class AnalyticsController {

    private final DeliveryQueries queries;

    AnalyticsController(DeliveryQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/analytics/delivery")
    DeliveryAnalytics delivery(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Analysts.require(caller);
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : date(to, "to");
        LocalDate first = from == null ? last.minusDays(29) : date(from, "from");
        return queries.handle(new GetDeliveryAnalytics(first, last));
    }

    private static LocalDate date(String value, String name) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Rejection.INVALID_REQUEST.exception(name + " must be a date like 2026-01-31");
        }
    }
}
