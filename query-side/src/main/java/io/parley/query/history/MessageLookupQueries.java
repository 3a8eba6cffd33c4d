package io.parley.query.history;

import io.parley.api.conversation.FindMessage;
import io.parley.api.query.MessageView;
import io.parley.query.conversation.ConversationReads;
import io.parley.query.projection.ReadModels;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The message a command names, for the command side to decide with before it loads the conversation (see
 * {@link FindMessage}): one read of its bucket (and, for a forward, of the sender's membership).
 */
@Component
class MessageLookupQueries {

    private final ConversationReads conversations;
    private final MessageViews messages;

    MessageLookupQueries(ConversationReads conversations, MessageViews messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    @QueryHandler
    Optional<MessageView> handle(FindMessage query) {
        if (query.member() != null && !isMember(query)) {
            return Optional.empty();
        }
        return messages.byIds(List.of(ReadModels.key(query.conversationId().value(), query.seq()))).stream().findFirst();
    }

    private boolean isMember(FindMessage query) {
        return !conversations.members(query.conversationId().value(), List.of(query.member().value())).isEmpty();
    }
}
