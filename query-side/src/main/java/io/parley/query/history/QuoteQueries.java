package io.parley.query.history;

import io.parley.api.conversation.GetQuote;
import io.parley.api.conversation.Quote;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** What a reply quotes, for the command side to put in the reply's event (see {@link GetQuote}). */
@Component
class QuoteQueries {

    private final MessageViews messages;

    QuoteQueries(MessageViews messages) {
        this.messages = messages;
    }

    @QueryHandler
    Optional<Quote> handle(GetQuote query) {
        return Optional.ofNullable(messages.quote(query.conversationId().value(), query.seq()));
    }
}
