package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.FindMessage;
import io.parley.api.query.MessageView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A message as the read model has it ({@link FindMessage}), asked by {@link LookupBeforeLoading} before the
 * conversation is loaded: what a reply quotes, who sent an edited or deleted message and which media it carried, what
 * a forward copies. Empty when the read model does not have it (yet), or cannot answer in time: a reply then quotes
 * only the seq, a deletion leaves the media in storage, a forward is turned down as not found.
 */
interface StoredMessages {

    /** With a {@code member}, only a message of a conversation that user is in. */
    CompletableFuture<Optional<MessageView>> find(ConversationId conversationId, long seq, UserId member);

    @Component
    class ThroughQueries implements StoredMessages {

        private static final Logger log = LoggerFactory.getLogger(ThroughQueries.class);

        private final QueryGateway queries;
        private final Duration timeout;

        ThroughQueries(QueryGateway queries, @Value("${parley.conversations.quote-lookup-timeout:2s}") Duration timeout) {
            this.queries = queries;
            this.timeout = timeout;
        }

        @Override
        public CompletableFuture<Optional<MessageView>> find(ConversationId conversationId, long seq, UserId member) {
            CompletableFuture<Optional<MessageView>> asked;
            try {
                asked = queries.query(new FindMessage(conversationId, seq, member),
                        ResponseTypes.optionalInstanceOf(MessageView.class));
            } catch (RuntimeException failure) {
                asked = CompletableFuture.failedFuture(failure);
            }
            return asked.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> {
                        log.info("Message {}:{} not looked up: {}", conversationId, seq, failure.toString());
                        return Optional.empty();
                    });
        }
    }
}
