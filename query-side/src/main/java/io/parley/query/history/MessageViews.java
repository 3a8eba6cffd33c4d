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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Messages read by id: the buckets ({@link ReadModels#messageBucket}) holding the wanted messages, so a page of 50 is
 * one or two reads by {@code _id}, never a range scan.
 */
@Component
public class MessageViews {

    private final MongoDatabase db;

    MessageViews(MongoTemplate mongo) {
        this.db = mongo.getDb();
    }

    /** The stored messages with these keys ({@link ReadModels#key}), in ascending seq within each conversation. */
    public List<MessageView> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<Long>> wanted = new LinkedHashMap<>();
        for (String id : ids) {
            int colon = id.lastIndexOf(':');
            String conversationId = id.substring(0, colon);
            long seq = Long.parseLong(id.substring(colon + 1));
            wanted.computeIfAbsent(ReadModels.messageBucket(conversationId, seq), bucket -> new ArrayList<>()).add(seq);
        }
        var buckets = wanted.size() == 1
                ? db.getCollection(ReadModels.MESSAGES).find(Filters.eq("_id", wanted.keySet().iterator().next()))
                : db.getCollection(ReadModels.MESSAGES).find(Filters.in("_id", wanted.keySet()));
        List<MessageView> views = new ArrayList<>(ids.size());
        for (Document bucket : buckets) {
            Document bySeq = bucket.get("m", Document.class);
            if (bySeq == null) {
                continue;
            }
            String conversationId = bucket.getString("conversationId");
            for (long seq : new LinkedHashSet<>(wanted.get(bucket.getString("_id")))) {
                Document message = bySeq.get(Long.toString(seq), Document.class);
                if (message != null) {
                    views.add(view(conversationId, message, null));
                }
            }
        }
        views.sort(Comparator.comparing(MessageView::conversationId).thenComparingLong(MessageView::seq));
        return views;
    }

    static MessageView view(String conversationId, Document doc, MessageStatus status) {
        Document media = doc.get("media", Document.class);
        MediaAttachment attachment = media == null ? null : new MediaAttachment(MediaId.of(media.getString("mediaId")),
                media.getString("mediaType"), media.getString("contentType"), media.get("size", Number.class).longValue(),
                media.getString("checksum"), Boolean.TRUE.equals(media.getBoolean("hasThumbnail")));
        return new MessageView(conversationId, doc.getString("messageId"),
                doc.get("seq", Number.class).longValue(), doc.getString("senderId"), doc.getString("text"), attachment,
                doc.getDate("sentAt").toInstant(), status);
    }

    MessageView withStatus(MessageView view, MessageStatus status) {
        return new MessageView(view.conversationId(), view.messageId(), view.seq(), view.senderId(), view.text(),
                view.media(), view.sentAt(), status);
    }
}
