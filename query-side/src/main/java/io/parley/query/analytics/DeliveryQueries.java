package io.parley.query.analytics;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.parley.api.problem.Rejection;
import io.parley.api.query.DeliveryAnalytics;
import io.parley.api.query.GetDeliveryAnalytics;
import io.parley.query.projection.ReadModels;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
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

    private final MongoDatabase db;

    DeliveryQueries(MongoTemplate mongo) {
        this.db = mongo.getDb();
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
        Map<String, Document> found = new HashMap<>();
        for (Document doc : db.getCollection(ReadModels.ANALYTICS_DAYS).find(Filters.in("_id", ids))) {
            found.put(doc.getString("_id"), doc);
        }
        List<DeliveryAnalytics.Day> days = ids.stream().map(id -> {
            Document doc = found.get(id);
            return new DeliveryAnalytics.Day(LocalDate.parse(id),
                    doc == null ? 0 : doc.get("sent", Number.class).longValue(),
                    LatencyHistogram.latency(doc == null ? null : doc.get("delivered", Document.class)),
                    LatencyHistogram.latency(doc == null ? null : doc.get("read", Document.class)));
        }).toList();
        return new DeliveryAnalytics(days);
    }
}
