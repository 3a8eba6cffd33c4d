package io.parley.query.history;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.api.query.MessageStatus;
import io.parley.api.query.MessageView;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Messages read by id ({@code conversationId:seq}): a page is one {@code $in}, never a range scan. */
@Component
public class MessageViews {

    private final MongoDatabase db;

    MessageViews(MongoTemplate mongo) {
        this.db = mongo.getDb();
    }

    /** The stored messages with these ids ({@link ReadModels#key}), in ascending seq within each conversation. */
    public List<MessageView> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<MessageView> views = new ArrayList<>(ids.size());
        for (Document doc : db.getCollection(ReadModels.MESSAGES).find(Filters.in("_id", ids))) {
            views.add(view(doc, null));
        }
        views.sort(Comparator.comparing(MessageView::conversationId).thenComparingLong(MessageView::seq));
        return views;
    }

    static MessageView view(Document doc, MessageStatus status) {
        Document media = doc.get("media", Document.class);
        MediaAttachment attachment = media == null ? null : new MediaAttachment(MediaId.of(media.getString("mediaId")),
                media.getString("mediaType"), media.getString("contentType"), media.get("size", Number.class).longValue(),
                media.getString("checksum"), Boolean.TRUE.equals(media.getBoolean("hasThumbnail")));
        return new MessageView(doc.getString("conversationId"), doc.getString("messageId"),
                doc.get("seq", Number.class).longValue(), doc.getString("senderId"), doc.getString("text"), attachment,
                doc.getDate("sentAt").toInstant(), status);
    }

    MessageView withStatus(MessageView view, MessageStatus status) {
        return new MessageView(view.conversationId(), view.messageId(), view.seq(), view.senderId(), view.text(),
                view.media(), view.sentAt(), status);
    }
}
