package io.parley.query.analytics;

import io.parley.api.problem.Rejection;
import io.parley.api.query.DeliveryAnalytics;
import io.parley.api.query.GetDeliveryAnalytics;
import io.parley.query.analytics.AnalyticsDocuments.DayDocument;
import io.parley.query.projection.ReadModels;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Delivery figures per day, every day of the range (days without messages are zeros); one read by id. */
@Component
class DeliveryQueries {

    private final MongoTemplate mongo;

    DeliveryQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    DeliveryAnalytics handle(GetDeliveryAnalytics query) {
        if (query.from() == null || query.to() == null || query.to().isBefore(query.from())) {
            throw Rejection.INVALID_REQUEST.exception("from and to are dates, from not after to");
        }
        if (ChronoUnit.DAYS.between(query.from(), query.to()) >= GetDeliveryAnalytics.MAX_DAYS) {
            throw Rejection.INVALID_REQUEST.exception("At most " + GetDeliveryAnalytics.MAX_DAYS + " days at a time");
        }
        List<String> ids = new ArrayList<>();
        for (LocalDate day = query.from(); !day.isAfter(query.to()); day = day.plusDays(1)) {
            ids.add(day.toString());
        }
        Map<String, DayDocument> found = new HashMap<>();
        for (DayDocument doc : mongo.find(Query.query(Criteria.where("_id").in(ids)), DayDocument.class,
                ReadModels.ANALYTICS_DAYS)) {
            found.put(doc.id(), doc);
        }
        List<DeliveryAnalytics.Day> days = ids.stream().map(id -> {
            DayDocument doc = found.get(id);
            return new DeliveryAnalytics.Day(LocalDate.parse(id), doc == null ? 0 : doc.sent(),
                    LatencyHistogram.latency(doc == null ? null : doc.delivered()),
                    LatencyHistogram.latency(doc == null ? null : doc.read()));
        }).toList();
        return new DeliveryAnalytics(days);
    }
}
