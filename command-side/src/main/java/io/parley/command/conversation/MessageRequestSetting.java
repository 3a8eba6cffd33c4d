package io.parley.command.conversation;

import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.CreateGroup;
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
 * ({@code parley.message-requests.enabled}, on unless set to false), and every {@link CreateGroup} and
 * {@link AddMembers} whether it reaches users who never talked with the adder as a group invitation (also
 * {@code parley.message-requests.group-invitations}, on unless set to false), in its metadata ({@link #KEY}): what came
 * with the command under that key is replaced, never trusted. The conversation records the request as an event, so a
 * later change of the setting changes no chat or invitation already started.
 */
@Component
class MessageRequestSetting implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The metadata key: {@code true} when the peer, or a stranger added to a group, gets it as a request. */
    static final String KEY = "parley.messageRequest";

    private final boolean enabled;
    private final boolean groupInvitations;

    MessageRequestSetting(@Value("${parley.message-requests.enabled:true}") boolean enabled,
                          @Value("${parley.message-requests.group-invitations:true}") boolean groupInvitations,
                          CommandBus commandBus) {
        this.enabled = enabled;
        this.groupInvitations = enabled && groupInvitations;
        commandBus.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object payload = unitOfWork.getMessage().getPayload();
        if (payload instanceof StartDirectConversation) {
            unitOfWork.transformMessage(command -> command.andMetaData(Map.of(KEY, enabled)));
        } else if (payload instanceof CreateGroup || payload instanceof AddMembers) {
            unitOfWork.transformMessage(command -> command.andMetaData(Map.of(KEY, groupInvitations)));
        }
        return chain.proceed();
    }
}
