package io.parley.query.conversation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import io.parley.query.projection.ProcessingGroups;
import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StagedRecords;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
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

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoTemplate mongo;

    BlockProjector(MongoTemplate mongo) {
        this.mongo = mongo;
        ConversationProjector.READ_AHEAD.requireDeclared(BlockProjector.class);
    }

    @EventHandler
    void on(UserBlocked event) {
        BlockDocument block = BlockDocument.of(event.blockedBy(), event.userId());
        mongo.getCollection(ReadModels.BLOCKS).replaceOne(Filters.eq("_id", block.id()),
                StagedRecords.stored(mongo, block), UPSERT);
    }

    @EventHandler
    void on(UserUnblocked event) {
        mongo.getCollection(ReadModels.BLOCKS).deleteOne(Filters.eq("_id", BlockDocument.id(event.unblockedBy(), event.userId())));
    }
}
