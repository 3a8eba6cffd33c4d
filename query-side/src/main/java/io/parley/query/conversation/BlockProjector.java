package io.parley.query.conversation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.parley.api.account.UserId;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import io.parley.query.projection.ProcessingGroups;
import io.parley.query.projection.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Who blocks whom ({@link ReadModels#BLOCKS}, one document per pair), for a gateway node that loads its view at start
 * instead of reading every event again ({@link MembershipQueries}). Written as the event is handled, so before the
 * batch's stream position: a position covers every block up to it.
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class BlockProjector {

    static final String BLOCKER = "blocker";
    static final String BLOCKED = "blocked";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoTemplate mongo;

    BlockProjector(MongoTemplate mongo) {
        this.mongo = mongo;
        ConversationProjector.READ_AHEAD.requireDeclared(BlockProjector.class);
    }

    @EventHandler
    void on(UserBlocked event) {
        String id = id(event.blockedBy(), event.userId());
        mongo.getCollection(ReadModels.BLOCKS).replaceOne(Filters.eq("_id", id), new Document("_id", id)
                .append(BLOCKER, event.blockedBy().value()).append(BLOCKED, event.userId().value()), UPSERT);
    }

    @EventHandler
    void on(UserUnblocked event) {
        mongo.getCollection(ReadModels.BLOCKS).deleteOne(Filters.eq("_id", id(event.unblockedBy(), event.userId())));
    }

    static String id(UserId blocker, UserId blocked) {
        return blocker.value() + ":" + blocked.value();
    }
}
