package io.parley.command.conversation;

import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeleteMessage;
import io.parley.api.conversation.EditMessage;
import io.parley.api.conversation.SendMessage;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;

/**
 * Looks up, before the handler loads (and locks) the conversation, what the read model has of the message that a
 * reply quotes, an edit changes or a deletion removes (its sender, preview and, for a deletion, its media), and hands
 * it to the aggregate as {@link MessageLookup} metadata, as {@link MediaLookupBeforeLoading} does for a send's media.
 * A lookup that did not come from here is never trusted.
 */
@Component
class MessageLookupBeforeLoading implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final QuotedMessages quotes;
    private final MessageMedia media;

    @Autowired
    MessageLookupBeforeLoading(QuotedMessages quotes, MessageMedia media, CommandBus commandBus) {
        this(quotes, media);
        commandBus.registerHandlerInterceptor(this);
    }

    /** Unregistered, for a test fixture's bus. */
    MessageLookupBeforeLoading(QuotedMessages quotes, MessageMedia media) {
        this.quotes = quotes;
        this.media = media;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object payload = unitOfWork.getMessage().getPayload();
        if (payload instanceof SendMessage || payload instanceof EditMessage || payload instanceof DeleteMessage) {
            unitOfWork.transformMessage(command -> {
                var withoutLookup = command.withMetaData(command.getMetaData().withoutKeys(Set.of(MessageLookup.KEY)));
                MessageLookup lookup = lookUp(payload);
                return lookup == null ? withoutLookup : withoutLookup.andMetaData(Map.of(MessageLookup.KEY, lookup));
            });
        }
        return chain.proceed();
    }

    private MessageLookup lookUp(Object command) {
        if (command instanceof SendMessage send) {
            return send.replyToSeq() == null ? null : quoteOnly(send.conversationId(), send.replyToSeq());
        }
        if (command instanceof EditMessage edit) {
            return quoteOnly(edit.conversationId(), edit.seq());
        }
        DeleteMessage delete = (DeleteMessage) command;
        return new MessageLookup(delete.seq(), quotes.quote(delete.conversationId(), delete.seq()),
                media.of(delete.conversationId(), delete.seq()));
    }

    private MessageLookup quoteOnly(ConversationId conversationId, long seq) {
        return new MessageLookup(seq, quotes.quote(conversationId, seq), null);
    }
}
