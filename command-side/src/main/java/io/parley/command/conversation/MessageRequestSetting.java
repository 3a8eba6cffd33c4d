package io.parley.command.conversation;

import io.parley.api.conversation.StartDirectConversation;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Tells every {@link StartDirectConversation} whether it reaches the peer as a message request
 * ({@code parley.message-requests.enabled}, on unless set to false), in its metadata ({@link #KEY}): what came with the
 * command under that key is replaced, never trusted. The conversation records the request as an event, so a later
 * change of the setting changes no chat already started.
 */
@Component
class MessageRequestSetting implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The metadata key on a {@code StartDirectConversation}: {@code true} when the peer gets it as a request. */
    static final String KEY = "parley.messageRequest";

    private final boolean enabled;

    MessageRequestSetting(@Value("${parley.message-requests.enabled:true}") boolean enabled, CommandBus commandBus) {
        this.enabled = enabled;
        commandBus.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof StartDirectConversation) {
            unitOfWork.transformMessage(command -> command.andMetaData(Map.of(KEY, enabled)));
        }
        return chain.proceed();
    }
}
