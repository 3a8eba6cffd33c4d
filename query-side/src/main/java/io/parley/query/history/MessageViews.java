package io.parley.query.history;

import io.parley.api.conversation.Quote;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.api.query.MessageStatus;
import io.parley.api.query.MessageView;
import io.parley.platform.cdn.CdnLinkSigner;
import io.parley.query.conversation.HiddenMessages;
import io.parley.query.conversation.MessageBucket;
import io.parley.query.conversation.MessageDocument;
import io.parley.query.projection.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages read by id: the buckets ({@link ReadModels#messageBucket}) holding the wanted messages, so a page of 50 is
 * one or two reads by {@code _id}, never a range scan. A reply's quote is the quoted message as it is now (read with
 * the page, or in one more read when it is on another page): edited, it quotes the new text; deleted, it says so.
 * With a viewer, each message also has its reactions ({@link MessageReactions}) and its media their CDN links
 * ({@link CdnLinkSigner}, where configured): signed as a member reads them, never for a lookup without a viewer (a
 * forward copies that media into a stored event).
 */
@Component
public class MessageViews {

    private final MongoTemplate mongo;
    private final MessageReactions reactions;
    private final CdnLinkSigner cdnLinks;

    MessageViews(MongoTemplate mongo, CdnLinkSigner cdnLinks) {
        this.mongo = mongo;
        this.reactions = new MessageReactions(mongo);
        this.cdnLinks = cdnLinks;
    }

    /** The stored messages with these keys ({@link ReadModels#key}), in ascending seq within each conversation. */
    public List<MessageView> byIds(Collection<String> ids) {
        return byIds(ids, null);
    }

    /**
     * As {@link #byIds(Collection)}, with the reactions and {@code myReaction} of {@code viewer} (when not null) and
     * then the media's CDN links: only a member of the conversation may be the viewer.
     */
    public List<MessageView> byIds(Collection<String> ids, String viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, MessageDocument> docs = documents(ids);
        Set<String> quoted = new LinkedHashSet<>();
        docs.forEach((key, doc) -> {
            Long replyTo = doc.replyTo();
            if (replyTo != null && !docs.containsKey(ReadModels.key(conversationOf(key), replyTo))) {
                quoted.add(ReadModels.key(conversationOf(key), replyTo));
            }
        });
        Map<String, MessageDocument> quotedDocs = new HashMap<>(docs);
        quotedDocs.putAll(documents(quoted));
        Map<String, MessageReactions.Summary> reactionsByKey = viewer == null ? Map.of()
                : reactions.of(docs.keySet(), viewer);
        Set<String> hidden = viewer == null ? Set.of() : hidden(docs.keySet(), viewer);
        List<MessageView> views = new ArrayList<>(docs.size());
        docs.forEach((key, doc) -> {
            String conversationId = conversationOf(key);
            Long replyTo = doc.replyTo();
            Quote quote = replyTo == null ? null
                    : quoteOf(replyTo, quotedDocs.get(ReadModels.key(conversationId, replyTo)));
            MessageView view = view(conversationId, doc, null, quote, reactionsByKey.get(key));
            views.add(hidden.contains(key) ? view.hiddenFromViewer()
                    : viewer == null || view.media() == null ? view : withMedia(view, cdnLinks.withLinks(view.media())));
        });
        views.sort(Comparator.comparing(MessageView::conversationId).thenComparingLong(MessageView::seq));
        return views;
    }

    /** Which of these messages the viewer deleted for themselves ({@link HiddenMessages}). */
    private Set<String> hidden(Collection<String> keys, String viewer) {
        Map<String, String> keyByBucketAndSeq = new HashMap<>();
        Set<String> bucketIds = new LinkedHashSet<>();
        for (String key : keys) {
            String conversationId = conversationOf(key);
            long seq = Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
            String bucketId = HiddenMessages.id(conversationId, viewer, seq);
            bucketIds.add(bucketId);
            keyByBucketAndSeq.put(bucketId + "/" + seq, key);
        }
        Set<String> hidden = new LinkedHashSet<>();
        for (HiddenMessages bucket : mongo.find(Query.query(Criteria.where("_id").in(bucketIds)), HiddenMessages.class,
                ReadModels.HIDDEN_MESSAGES)) {
            bucket.s().keySet().forEach(seq -> {
                String key = keyByBucketAndSeq.get(bucket.id() + "/" + seq);
                if (key != null && bucket.hides(Long.parseLong(seq))) {
                    hidden.add(key);
                }
            });
        }
        return hidden;
    }

    /** The stored message documents by key. */
    private Map<String, MessageDocument> documents(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Long>> wanted = new LinkedHashMap<>();
        for (String id : ids) {
            long seq = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
            wanted.computeIfAbsent(ReadModels.messageBucket(conversationOf(id), seq), bucket -> new ArrayList<>()).add(seq);
        }
        Criteria byId = wanted.size() == 1 ? Criteria.where("_id").is(wanted.keySet().iterator().next())
                : Criteria.where("_id").in(wanted.keySet());
        Map<String, MessageDocument> docs = new LinkedHashMap<>();
        for (MessageBucket bucket : mongo.find(Query.query(byId), MessageBucket.class, ReadModels.MESSAGES)) {
            String conversationId = bucket.conversationId();
            for (long seq : new LinkedHashSet<>(wanted.get(bucket.id()))) {
                MessageDocument message = bucket.message(seq);
                if (message != null) {
                    docs.put(ReadModels.key(conversationId, seq), message);
                }
            }
        }
        return docs;
    }

    private static Quote quoteOf(long seq, MessageDocument quoted) {
        if (quoted == null) {
            return Quote.unresolved(seq);
        }
        if (quoted.isDeleted()) {
            return Quote.deleted(seq, quoted.senderId());
        }
        return Quote.of(seq, quoted.senderId(), quoted.text(),
                quoted.media() == null ? null : quoted.media().mediaType());
    }

    private static String conversationOf(String key) {
        return key.substring(0, key.lastIndexOf(':'));
    }

    private static MessageView view(String conversationId, MessageDocument doc, MessageStatus status, Quote replyTo,
                                    MessageReactions.Summary reactions) {
        MessageDocument.Media media = doc.media();
        MediaAttachment attachment = media == null ? null : new MediaAttachment(MediaId.of(media.mediaId()),
                media.mediaType(), media.contentType(), media.size(), media.checksum(), media.hasThumbnail());
        boolean deleted = doc.isDeleted();
        return new MessageView(conversationId, doc.messageId(), doc.seq(), doc.senderId(), doc.text(), attachment,
                doc.sentAt(), status, replyTo,
                reactions == null || deleted ? List.of() : reactions.counts(),
                reactions == null || deleted ? null : reactions.mine(),
                doc.editedAt(), deleted, false, deleted ? null : doc.mentions(), doc.isForwarded());
    }

    private static MessageView withMedia(MessageView view, MediaAttachment media) {
        return new MessageView(view.conversationId(), view.messageId(), view.seq(), view.senderId(), view.text(),
                media, view.sentAt(), view.status(), view.replyTo(), view.reactions(), view.myReaction(),
                view.editedAt(), view.deleted(), view.hidden(), view.mentions(), view.forwarded());
    }

    MessageView withStatus(MessageView view, MessageStatus status) {
        return new MessageView(view.conversationId(), view.messageId(), view.seq(), view.senderId(), view.text(),
                view.media(), view.sentAt(), status, view.replyTo(), view.reactions(), view.myReaction(),
                view.editedAt(), view.deleted(), view.hidden(), view.mentions(), view.forwarded());
    }
}
