package io.parley.query.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestDeclined;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ProcessingGroups;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Message requests, in the conversations processor's batch ({@link ConversationBatch}): the direct conversation's
 * document names the user it is a request to ({@link #REQUEST_TO}, until accepted) and whether they declined it
 * ({@link #REQUEST_DECLINED}); the answering user's devices get a sync-feed entry. See {@link #isRequestTo} and
 * {@link #isDeclinedBy} for what the conversation list makes of them.
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class MessageRequestProjector {

    static final String REQUEST_TO = "requestTo";
    static final String REQUEST_DECLINED = "requestDeclined";

    private final MongoTemplate mongo;
    private final Timer flushes;

    MessageRequestProjector(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.flushes = Batch.flushTimer(meters, ProcessingGroups.CONVERSATIONS);
    }

    /** Whether the conversation (as read) is a message request to the user, not declined. */
    static boolean isRequestTo(Document conversation, String userId) {
        return userId.equals(conversation.getString(REQUEST_TO))
                && !Boolean.TRUE.equals(conversation.getBoolean(REQUEST_DECLINED));
    }

    /** Whether the user declined the message request the conversation (as read) is to them: it leaves their list. */
    static boolean isDeclinedBy(Document conversation, String userId) {
        return userId.equals(conversation.getString(REQUEST_TO))
                && Boolean.TRUE.equals(conversation.getBoolean(REQUEST_DECLINED));
    }

    @EventHandler
    void on(MessageRequestOpened event) {
        Document conversation = conversation(event.conversationId());
        if (conversation != null) {
            conversation.put(REQUEST_TO, event.userId().value());
            conversation.put(REQUEST_DECLINED, false);
        }
    }

    @EventHandler
    void on(MessageRequestAccepted event, TrackingToken token) {
        Document conversation = conversation(event.conversationId());
        if (conversation != null) {
            conversation.put(REQUEST_TO, null);
            conversation.put(REQUEST_DECLINED, false);
        }
        feed(event.conversationId(), event.userId(), token, "request.accepted", event.acceptedAt());
    }

    @EventHandler
    void on(MessageRequestDeclined event, TrackingToken token) {
        Document conversation = conversation(event.conversationId());
        if (conversation != null) {
            conversation.put(REQUEST_DECLINED, true);
        }
        feed(event.conversationId(), event.userId(), token, "request.declined", event.declinedAt());
    }

    /** The conversation's document, marked changed; null if the read model does not have it. */
    private Document conversation(ConversationId conversationId) {
        ConversationBatch batch = batch();
        Document conversation = batch.conversations.get(conversationId.value());
        if (conversation != null) {
            batch.conversations.changed(conversationId.value());
        }
        return conversation;
    }

    private void feed(ConversationId conversationId, UserId user, TrackingToken token, String type, Instant at) {
        Document entry = new Document("type", type).append("conversationId", conversationId.value())
                .append("at", Date.from(at)).append("by", user.value());
        batch().feed.append(List.of(user.value()), ConversationProjector.position(token), entry);
    }

    private ConversationBatch batch() {
        return ConversationBatch.current(mongo, flushes);
    }
}
