package io.parley.command.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.context.annotation.Configuration;

/**
 * Every aggregate shares one id space in the event store, and ids do not tell their kind (a user id and a direct
 * conversation id are both name-based UUIDs). Axon loading, say, a {@code Conversation} from an account's events
 * ends in an {@link IncompatibleAggregateException}; for the caller that is simply "no such conversation", so every
 * command handler of this bus answers it as the {@link AggregateNotFoundException} that the web and socket layers
 * already turn into a 404.
 */
@Configuration
public class OtherAggregateTypes implements MessageHandlerInterceptor<CommandMessage<?>> {

    OtherAggregateTypes(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (IncompatibleAggregateException otherType) {
            throw notFound(unitOfWork.getMessage().getCommandName());
        }
    }

    /** The answer for an id whose events belong to another type of aggregate. */
    public static AggregateNotFoundException notFound(String wanted) {
        return new AggregateNotFoundException(null, "No aggregate for " + wanted + " under this id");
    }
}
