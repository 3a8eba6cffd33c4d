package io.parley.command.conversation;

import io.parley.api.conversation.ConversationMembers;
import io.parley.api.conversation.GetMembers;
import io.parley.command.axon.OtherAggregateTypes;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers membership from the aggregate itself, so a push is never authorized on a stale read model. */
@Component
class MembersQueryHandler {

    private final Repository<Conversation> conversations;

    MembersQueryHandler(Repository<Conversation> conversations) {
        this.conversations = conversations;
    }

    @QueryHandler
    ConversationMembers handle(GetMembers query) {
        try {
            return conversations.load(query.conversationId().value())
                    .invoke(conversation -> new ConversationMembers(query.conversationId(), conversation.members(),
                            conversation.lastSeq()));
        } catch (IncompatibleAggregateException otherType) {
            throw OtherAggregateTypes.notFound("GetMembers");
        }
    }
}
