package io.parley.command.conversation;

import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GetQuote;
import io.parley.api.conversation.Quote;
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
 * What a reply quotes, as the read model has it ({@link GetQuote}); asked by {@link MessageLookupBeforeLoading} before
 * the conversation is loaded, also for who sent an edited or deleted message. A reply is never turned down for want of a quote: when the read model does not have the message yet, or
 * cannot answer in time, the quote is only its seq (histories quote the message as it is when they are read).
 */
interface QuotedMessages {

    Quote quote(ConversationId conversationId, long seq);

    @Component
    class ThroughQueries implements QuotedMessages {

        private static final Logger log = LoggerFactory.getLogger(ThroughQueries.class);

        private final QueryGateway queries;
        private final Duration timeout;

        ThroughQueries(QueryGateway queries, @Value("${parley.conversations.quote-lookup-timeout:2s}") Duration timeout) {
            this.queries = queries;
            this.timeout = timeout;
        }

        @Override
        public Quote quote(ConversationId conversationId, long seq) {
            try {
                return queries.query(new GetQuote(conversationId, seq), ResponseTypes.optionalInstanceOf(Quote.class))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .orElseGet(() -> Quote.unresolved(seq));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Quote.unresolved(seq);
            } catch (TimeoutException | ExecutionException e) {
                log.info("No quote of {}:{} for a reply: {}", conversationId, seq, e.toString());
                return Quote.unresolved(seq);
            }
        }
    }
}
