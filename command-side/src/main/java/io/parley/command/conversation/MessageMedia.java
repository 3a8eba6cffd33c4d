package io.parley.command.conversation;

import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.FindMessageMedia;
import io.parley.api.media.MediaId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which media a message carries, as the read model has it ({@link FindMessageMedia}), asked by
 * {@link MessageLookupBeforeLoading} before a {@code DeleteMessage} loads the conversation, which names it in the deletion so that the media service can let go of it. A deletion
 * is never turned down for want of it: unknown (the read model does not answer in time), the media stays in storage.
 */
interface MessageMedia {

    MediaId of(ConversationId conversationId, long seq);

    @Component
    class ThroughQueries implements MessageMedia {

        private static final Logger log = LoggerFactory.getLogger(ThroughQueries.class);

        private final QueryGateway queries;
        private final Duration timeout;

        ThroughQueries(QueryGateway queries, @Value("${parley.conversations.quote-lookup-timeout:2s}") Duration timeout) {
            this.queries = queries;
            this.timeout = timeout;
        }

        @Override
        public MediaId of(ConversationId conversationId, long seq) {
            try {
                return queries.query(new FindMessageMedia(conversationId, seq),
                                ResponseTypes.optionalInstanceOf(MediaId.class))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .orElse(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (TimeoutException | ExecutionException e) {
                log.warn("Media of deleted message {}:{} unknown, it stays in storage: {}", conversationId, seq,
                        e.toString());
                return null;
            }
        }
    }
}
