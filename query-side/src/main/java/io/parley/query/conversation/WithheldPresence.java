package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Between whom the query side tells nothing of presence (last seen), as the gateway shares no presence frames between
 * them: two users where either blocks the other ({@link BlockProjector}), or whose direct chat is a message request
 * not accepted yet ({@link MessageRequestProjector}; a declined one too, until it is accepted). Reads by id only.
 */
@Component
public class WithheldPresence {

    private final MongoDatabase db;

    WithheldPresence(MongoTemplate mongo) {
        this.db = mongo.getDb();
    }

    public boolean between(UserId one, UserId other) {
        return blockedEitherWay(one, other) || requestPending(one, other);
    }

    private boolean blockedEitherWay(UserId one, UserId other) {
        return db.getCollection(ReadModels.BLOCKS).countDocuments(
                Filters.in("_id", List.of(BlockProjector.id(one, other), BlockProjector.id(other, one))),
                new CountOptions().limit(1)) > 0;
    }

    private boolean requestPending(UserId one, UserId other) {
        Document direct = db.getCollection(ReadModels.CONVERSATIONS)
                .find(Filters.eq("_id", ConversationId.direct(one, other).value()))
                .projection(Projections.include(MessageRequestProjector.REQUEST_TO)).first();
        return direct != null && direct.getString(MessageRequestProjector.REQUEST_TO) != null;
    }
}
