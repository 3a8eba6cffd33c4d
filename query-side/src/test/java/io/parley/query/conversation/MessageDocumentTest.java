package io.parley.query.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.Quote;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.query.EventFeed;
import io.parley.query.projection.ReadModels;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messages read model as records ({@link MessageBucket} of {@link MessageDocument}s) keeps the bucket layout the
 * untyped projection wrote, less its null fields: a message added and changed in one batch (changed as a record) and
 * one changed in a later batch (changed by field updates, unread) are stored as they were.
 */
class MessageDocumentTest {

    private final EventFeed feed = new EventFeed();
    private final ConversationProjector projector = new ConversationProjector(feed.mongo, new SimpleMeterRegistry());
    private final ConversationId group = ConversationId.of("g");
    private final UserId alice = UserId.of("alice");
    private final UserId bob = UserId.of("bob");
    private final Instant at = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private final Date atMillis = Date.from(at);
    private final MediaAttachment photo = new MediaAttachment(MediaId.of("m1"), "image", "image/png", 42, "sum", true);

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void messagesAreStoredInTheLayoutTheUntypedProjectionWrote() {
        feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob), at), at);
        feed.add(new MessageSent(group, MessageId.at(group, 1), 1, alice, "c1", "hi @bob", photo, at, null,
                List.of(bob), false), at);
        feed.add(new MessageSent(group, MessageId.at(group, 2), 2, bob, "c2", "reply", null, at,
                Quote.of(1, "alice", "hi @bob", "image"), null, true), at);
        feed.add(new MessageEdited(group, 1, alice, "hi again", 1, at), at);
        feed.deliverAll(projector, 10);
        feed.add(new MessageDeleted(group, 2, bob, 2, at, null), at);
        feed.deliver(projector, 4, feed.size(), 10);

        Document stored = feed.mongo.getDb().getCollection(ReadModels.MESSAGES).find().first();

        assertThat(stored).isEqualTo(new Document("_id", ReadModels.messageBucket("g", 1)).append("conversationId", "g")
                .append("m", new Document()
                        .append("1", new Document("seq", 1L).append("messageId", MessageId.at(group, 1).value())
                                .append("senderId", "alice").append("clientMessageId", "c1").append("text", "hi again")
                                .append("media", new Document("mediaId", "m1").append("mediaType", "image")
                                        .append("contentType", "image/png").append("size", 42L)
                                        .append("checksum", "sum").append("hasThumbnail", true))
                                .append("sentAt", atMillis).append("mentions", List.of("bob"))
                                .append("editedAt", atMillis))
                        .append("2", new Document("seq", 2L).append("messageId", MessageId.at(group, 2).value())
                                .append("senderId", "bob").append("clientMessageId", "c2").append("sentAt", atMillis)
                                .append("replyTo", 1L).append("forwarded", true).append("deleted", true)
                                .append("deletedAt", atMillis))));
    }

    @Test
    void aBucketTheUntypedProjectionWroteIsReadAsRecords() {
        feed.mongo.getDb().getCollection(ReadModels.MESSAGES).insertOne(new Document("_id", "g:0")
                .append("conversationId", "g").append("m", new Document("3", new Document("seq", 3L)
                        .append("messageId", "g:3").append("senderId", "bob").append("clientMessageId", "c3")
                        .append("text", null).append("media", null).append("sentAt", atMillis).append("replyTo", 1))));

        MessageBucket bucket = feed.mongo.findById("g:0", MessageBucket.class, ReadModels.MESSAGES);

        assertThat(bucket.message(3)).isEqualTo(new MessageDocument(3, "g:3", "bob", "c3", null, null,
                atMillis.toInstant(), 1L, null, null, null, null, null));
        assertThat(bucket.message(3).isDeleted()).isFalse();
        assertThat(bucket.message(4)).isNull();
    }
}
