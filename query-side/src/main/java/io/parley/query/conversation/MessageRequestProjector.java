package io.parley.query.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestDeclined;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.query.feed.FeedEntry;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ProcessingGroups;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Message requests, in the conversations processor's batch ({@link ConversationBatch}): the direct conversation's
 * document names the user it is a request to ({@link ConversationDocument#requestTo}, until accepted) and whether
 * they declined it ({@link ConversationDocument#requestDeclined}); the answering user's devices get a sync-feed entry.
 * See {@link ConversationDocument#isRequestTo} and {@link ConversationDocument#isDeclinedBy} for what the conversation
 * list makes of them.
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class MessageRequestProjector {

    private final MongoTemplate mongo;
    private final Timer flushes;

    MessageRequestProjector(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.flushes = Batch.flushTimer(meters, ProcessingGroups.CONVERSATIONS);
        ConversationProjector.READ_AHEAD.requireDeclared(MessageRequestProjector.class);
    }

    @EventHandler
    void on(MessageRequestOpened event) {
        change(event.conversationId(), conversation -> conversation.requestOpened(event.userId().value()));
    }

    @EventHandler
    void on(MessageRequestAccepted event, TrackingToken token) {
        change(event.conversationId(), ConversationDocument::requestAccepted);
        feed(event.conversationId(), event.userId(), token, "request.accepted", event.acceptedAt());
    }

    @EventHandler
    void on(MessageRequestDeclined event, TrackingToken token) {
        change(event.conversationId(), ConversationDocument::declined);
        feed(event.conversationId(), event.userId(), token, "request.declined", event.declinedAt());
    }

    private void change(ConversationId conversationId, UnaryOperator<ConversationDocument> change) {
        batch().changeConversation(conversationId.value(), change);
    }

    private void feed(ConversationId conversationId, UserId user, TrackingToken token, String type, Instant at) {
        FeedEntry entry = FeedEntry.of(type, conversationId.value(), at).withBy(user.value());
        batch().feed.append(List.of(user.value()), ConversationProjector.position(token), entry);
    }

    private ConversationBatch batch() {
        return ConversationBatch.current(mongo, flushes);
    }
}
