package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.query.projection.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Between whom the query side tells nothing of presence (last seen), as the gateway shares no presence frames between
 * them: two users where either blocks the other ({@link BlockProjector}), or whose direct chat is a message request
 * not accepted yet ({@link MessageRequestProjector}; a declined one too, until it is accepted). Reads by id only.
 */
@Component
public class WithheldPresence {

    private final MongoTemplate mongo;
    private final MongoDatabase db;

    WithheldPresence(MongoTemplate mongo) {
        this.mongo = mongo;
        this.db = mongo.getDb();
    }

    public boolean between(UserId one, UserId other) {
        return blockedEitherWay(one, other) || requestPending(one, other);
    }

    private boolean blockedEitherWay(UserId one, UserId other) {
        return db.getCollection(ReadModels.BLOCKS).countDocuments(
                Filters.in("_id", List.of(BlockDocument.id(one, other), BlockDocument.id(other, one))),
                new CountOptions().limit(1)) > 0;
    }

    private boolean requestPending(UserId one, UserId other) {
        Query direct = Query.query(Criteria.where("_id").is(ConversationId.direct(one, other).value()));
        direct.fields().include(ConversationDocument.ListKey.FIELDS);
        ConversationDocument.ListKey key = mongo.findOne(direct, ConversationDocument.ListKey.class,
                ReadModels.CONVERSATIONS);
        return key != null && key.requestTo() != null;
    }
}
