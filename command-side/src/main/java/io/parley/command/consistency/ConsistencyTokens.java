package io.parley.command.consistency;

import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Gives every command that a conversation handles a {@link ConsistencyToken} in its result's metadata: the
 * conversation and the sequence number of its last event the command saw applied, the events it stored
 * included. The aggregate's event sourcing handlers note each event as it is applied (in the command's unit of
 * work, when the aggregate is sourced and when the command applies new events), and the command bus's interceptor
 * puts the highest into the answer. No query and no wait: the answer still goes out once the events are committed.
 * A command that stored nothing on an aggregate served from the cache gets no token.
 */
@Configuration
public class ConsistencyTokens implements HandlerEnhancerDefinition, MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String LAST_APPLIED = ConsistencyTokens.class.getName() + ".lastApplied";

    ConsistencyTokens(CommandBus commands) {
        commands.registerHandlerInterceptor(this);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (original.annotationAttributes(EventSourcingHandler.class).isEmpty()) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                Object result = super.handle(message, target);
                if (message instanceof DomainEventMessage<?> event) {
                    noteApplied(event);
                }
                return result;
            }
        };
    }

    private static void noteApplied(DomainEventMessage<?> event) {
        if (!ConsistencyToken.AGGREGATE_TYPE.equals(event.getType()) || !CurrentUnitOfWork.isStarted()) {
            return;
        }
        Map<String, Object> resources = CurrentUnitOfWork.get().root().resources();
        if (!(resources.get(LAST_APPLIED) instanceof ConsistencyToken noted)
                || !noted.conversationId().value().equals(event.getAggregateIdentifier())
                || noted.eventSequence() < event.getSequenceNumber()) {
            resources.put(LAST_APPLIED, new ConsistencyToken(ConversationId.of(event.getAggregateIdentifier()),
                    event.getSequenceNumber()));
        }
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (!(unitOfWork.root().getResource(LAST_APPLIED) instanceof ConsistencyToken applied)) {
            return result;
        }
        CommandResultMessage<?> answer = GenericCommandResultMessage.asCommandResultMessage(result);
        return answer.andMetaData(Map.of(ConsistencyToken.META_DATA_KEY, applied.encode()));
    }
}
