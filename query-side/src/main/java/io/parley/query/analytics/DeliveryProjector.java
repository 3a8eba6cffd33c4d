package io.parley.query.analytics;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.account.UserId;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ProcessingGroups;
import io.parley.query.projection.ReadAhead;
import io.parley.query.projection.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Delivery analytics from events alone (event times, never the clock): per day a message was sent, how many were
 * sent, and for each recipient the time until their delivered and read watermarks covered it. A recipient is a
 * member other than the sender who was in the conversation when it was sent. Built live or replayed over any
 * history, it comes out the same.
 */
@Component
@ProcessingGroup(ProcessingGroups.ANALYTICS)
class DeliveryProjector {

    /**
     * What the handlers of the busy events read, read for the whole batch in one query per collection before its first
     * event is handled ({@link DeliveryBatch#readAhead}); membership changes, rare, read theirs as they come.
     */
    static final ReadAhead READ_AHEAD = ReadAhead.builder()
            .collections(ReadModels.ANALYTICS_MESSAGES, ReadModels.ANALYTICS_WATERMARKS)
            .ahead(MessageSent.class, (event, ids) -> ids.accept(ReadModels.ANALYTICS_MESSAGES,
                    AnalyticsDocuments.MessageBlockDocument.id(event.conversationId().value(), event.seq())))
            .ahead(DeliveredUpTo.class, (event, ids) -> ids.accept(ReadModels.ANALYTICS_WATERMARKS,
                    ReadModels.key(event.conversationId().value(), event.userId().value())))
            .ahead(ReadUpTo.class, (event, ids) -> ids.accept(ReadModels.ANALYTICS_WATERMARKS,
                    ReadModels.key(event.conversationId().value(), event.userId().value())))
            .asTheyCome(DirectConversationStarted.class, GroupCreated.class, MembersAdded.class, MemberRemoved.class)
            .build();

    private final MongoTemplate mongo;
    private final MongoDatabase db;
    private final Timer flushes;

    DeliveryProjector(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.db = mongo.getDb();
        this.flushes = Batch.flushTimer(meters, ProcessingGroups.ANALYTICS);
        READ_AHEAD.requireDeclared(DeliveryProjector.class);
    }

    @EventHandler
    void on(DirectConversationStarted event, TrackingToken token) {
        started(event.conversationId().value(), event.members(), position(token));
    }

    @EventHandler
    void on(GroupCreated event, TrackingToken token) {
        started(event.conversationId().value(), event.members(), position(token));
    }

    private void started(String conversationId, List<UserId> members, long position) {
        DeliveryBatch batch = batch();
        members.forEach(member -> batch.join(conversationId, member.value(), 0, position));
    }

    @EventHandler
    void on(MembersAdded event, TrackingToken token) {
        DeliveryBatch batch = batch();
        String conversationId = event.conversationId().value();
        long since = batch.lastSeq(conversationId);
        event.userIds().forEach(member -> batch.join(conversationId, member.value(), since, position(token)));
    }

    @EventHandler
    void on(MemberRemoved event) {
        batch().remove(event.conversationId().value(), event.userId().value());
    }

    @EventHandler
    void on(MessageSent event, TrackingToken token) {
        DeliveryBatch batch = batch();
        String conversationId = event.conversationId().value();
        batch.lastSeq(conversationId, event.seq());
        batch.message(conversationId, event.seq(), event.senderId().value(), event.sentAt());
        DeliveryBatch.Day day = batch.day(event.sentAt().toEpochMilli());
        if (day.counts(position(token))) {
            day.sent++;
        }
    }

    @EventHandler
    void on(DeliveredUpTo event, TrackingToken token) {
        DeliveryBatch batch = batch();
        DeliveryBatch.Watermark watermark = batch.watermark(event.conversationId().value(), event.userId().value());
        if (watermark != null) {
            delivered(batch, watermark, event.seq(), event.at(), position(token));
        }
    }

    @EventHandler
    void on(ReadUpTo event, TrackingToken token) {
        DeliveryBatch batch = batch();
        DeliveryBatch.Watermark watermark = batch.watermark(event.conversationId().value(), event.userId().value());
        if (watermark == null) {
            return;
        }
        long position = position(token);
        delivered(batch, watermark, event.seq(), event.at(), position);
        long from = Math.max(watermark.read, watermark.since);
        if (event.seq() > from) {
            sample(batch, watermark, from, event.seq(), event.at(), position, false);
            watermark.read = event.seq();
            watermark.changed = true;
        }
    }

    private static void delivered(DeliveryBatch batch, DeliveryBatch.Watermark watermark, long seq, Instant at,
                                  long position) {
        long from = Math.max(watermark.delivered, watermark.since);
        if (seq > from) {
            sample(batch, watermark, from, seq, at, position, true);
            watermark.delivered = seq;
            watermark.changed = true;
        }
    }

    private static void sample(DeliveryBatch batch, DeliveryBatch.Watermark watermark, long after, long upTo,
                               Instant at, long position, boolean delivered) {
        for (DeliveryBatch.Message message : batch.messages(watermark.conversationId, after, upTo)) {
            if (message.sender().equals(watermark.userId)) {
                continue;
            }
            DeliveryBatch.Day day = batch.day(message.sentAtMillis());
            if (day.counts(position)) {
                DeliveryBatch.count(delivered ? day.delivered : day.read, at.toEpochMilli() - message.sentAtMillis());
            }
        }
    }

    @ResetHandler
    void reset() {
        ReadModels.drop(db, ReadModels.OF_ANALYTICS);
    }

    private DeliveryBatch batch() {
        return Batch.current(DeliveryBatch.KEY, () -> {
            DeliveryBatch batch = new DeliveryBatch(mongo);
            batch.readAhead(Batch.payloads());
            return batch;
        }, flushes);
    }

    private static long position(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("no position in " + token));
    }
}
