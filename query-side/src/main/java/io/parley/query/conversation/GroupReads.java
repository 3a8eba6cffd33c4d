package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.SystemLine;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads of what {@link GroupProjector} writes: a group's settings, and history's system lines. */
@Component
public class GroupReads {

    private final MongoDatabase db;

    GroupReads(MongoTemplate mongo) {
        this.db = mongo.getDb();
    }

    /** A group's settings as its conversation document has them; null for a direct conversation. */
    static ConversationSummary.GroupSettings settings(ConversationDocument conversation) {
        if (conversation.kind() != ConversationKind.GROUP) {
            return null;
        }
        String description = conversation.description();
        return new ConversationSummary.GroupSettings(description == null ? "" : description,
                Boolean.TRUE.equals(conversation.onlyAdminsSend()), conversation.inviteLink() != null);
    }

    /** The conversation's system lines after seqs {@code fromSeq}..{@code toSeq}, in the order they happened. */
    public List<SystemLine> lines(String conversationId, long fromSeq, long toSeq) {
        if (toSeq < fromSeq) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (long bucket = fromSeq / SystemLines.BUCKET; bucket <= toSeq / SystemLines.BUCKET; bucket++) {
            ids.add(conversationId + ":" + bucket);
        }
        List<SystemLine> lines = new ArrayList<>();
        for (Document bucket : db.getCollection(ReadModels.SYSTEM_LINES).find(Filters.in("_id", ids))) {
            Document all = bucket.get("l", Document.class);
            if (all == null) {
                continue;
            }
            for (Object value : all.values()) {
                Document line = (Document) value;
                long afterSeq = ConversationReads.number(line, "afterSeq");
                if (afterSeq >= fromSeq && afterSeq <= toSeq) {
                    lines.add(line(line, afterSeq));
                }
            }
        }
        lines.sort(Comparator.comparingLong(SystemLine::position));
        return lines;
    }

    private static SystemLine line(Document line, long afterSeq) {
        return new SystemLine(line.getString("type"), afterSeq, ConversationReads.number(line, "position"),
                line.getString("by"), line.getList("userIds", String.class), line.getString("title"),
                line.getString("description"), line.getBoolean("onlyAdminsSend"),
                ConversationReads.instant(line.getDate("at")));
    }
}
