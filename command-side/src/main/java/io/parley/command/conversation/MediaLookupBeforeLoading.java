package io.parley.command.conversation;

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
 * Looks a {@code SendMessage}'s media up before the handler loads (and locks) the conversation, and hands the
 * answer to the aggregate as {@link MediaLookup} metadata: a slow media module holds a command thread, never the
 * conversation. The aggregate keeps every decision (membership first, a resend answers the original, then the media),
 * so the answers are the same as when it asked itself. A lookup that did not come from here is never trusted.
 */
@Component
class MediaLookupBeforeLoading implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final AttachableMedia media;

    @Autowired
    MediaLookupBeforeLoading(AttachableMedia media, CommandBus commandBus) {
        this(media);
        commandBus.registerHandlerInterceptor(this);
    }

    /** Unregistered, for a test fixture's bus. */
    MediaLookupBeforeLoading(AttachableMedia media) {
        this.media = media;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof SendMessage send) {
            unitOfWork.transformMessage(command -> {
                var withoutLookup = command.withMetaData(command.getMetaData().withoutKeys(Set.of(MediaLookup.KEY)));
                return send.mediaId() == null ? withoutLookup
                        : withoutLookup.andMetaData(Map.of(MediaLookup.KEY, media.lookUp(send.mediaId(), send.senderId())));
            });
        }
        return chain.proceed();
    }
}
