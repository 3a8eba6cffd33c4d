package io.parley.query.conversation;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.api.account.AccountRegistered;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.AdminDemoted;
import io.parley.api.conversation.AdminPromoted;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.GroupInvitationAccepted;
import io.parley.api.conversation.GroupInvitationCancelled;
import io.parley.api.conversation.GroupInvitationDeclined;
import io.parley.api.conversation.GroupInvitationsOpened;
import io.parley.api.conversation.GroupDescribed;
import io.parley.api.conversation.GroupRenamed;
import io.parley.api.conversation.InviteLinkCreated;
import io.parley.api.conversation.InviteLinkRevoked;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageHidden;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestDeclined;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReactionRemoved;
import io.parley.api.conversation.ReactionSet;
import io.parley.api.conversation.OnlyAdminsSendChanged;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import io.parley.query.feed.FeedEntry;
import io.parley.query.projection.Batch;
import io.parley.query.projection.ProcessingGroups;
import io.parley.query.projection.ReadAhead;
import io.parley.query.projection.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.parley.query.projection.ReadModels.CONVERSATIONS;
import static io.parley.query.projection.ReadModels.MEMBERS;
import static io.parley.query.projection.ReadModels.OWN_SEQS;
import static io.parley.query.projection.ReadModels.REACTIONS;
import static io.parley.query.projection.ReadModels.key;

/**
 * Projects accounts and conversations into the documents the queries read by id: {@code conversations},
 * {@code members} (watermarks per conversation and member), {@code ownSeqs} (which seqs each member sent, see
 * {@link OwnSeqs}), {@code users} (name and conversation ids),
 * {@code messages} (in buckets of {@link ReadModels#MESSAGE_BUCKET}, see {@link ReadModels#messageBucket}) and each
 * member's sync feed.
 *
 * <p>Each change means what an absolute or guarded update would ({@code $set}, {@code $max}, set operations,
 * replace by id, a change conditional on the document's own state), never a bare increment: applying any run of
 * events again, in order, on top of a state that already contains them leaves the same documents. A member document
 * records the global {@code position} of the last event that changed it and takes no event at or below it: that
 * guards its counter, and keeps a later membership's document from the join and removal events before it, which
 * would reset or delete it. The changes are made in memory on the batch's copy of each user, conversation, member
 * and own-seqs document, which is written once per batch
 * ({@link io.parley.query.projection.StagedRecords}); the sync feed is written once per user and bucket
 * ({@link io.parley.query.feed.FeedAppender}). Messages are written once per bucket ({@link ReadModels#messageBucket}). So a
 * batch costs one write per touched conversation, member, own-seqs bucket, user, message bucket and feed bucket,
 * instead of five or more writes per message.
 *
 * <p>Unread messages are counted without a range scan: {@code unread = lastSeq - read - ownAboveRead}, where a member
 * document's {@code ownAboveRead} counts the member's own messages above their read watermark and above
 * {@code ownSince}, the conversation's last seq when they (re)joined (their messages from an earlier membership do not
 * count). It goes up with each message they send and, when they read up to a higher seq, down by how many of the
 * seqs passed they sent, taken from their {@link OwnSeqs} bitmaps: no document grows with the messages.
 */
@Component
@ProcessingGroup(ProcessingGroups.CONVERSATIONS)
class ConversationProjector {

    static final int PREVIEW_LENGTH = 120;

    /**
     * What the handlers of the conversations processor's busy events read, read for the whole batch in one query per
     * collection before its first event is handled ({@link ConversationBatch#readAhead}); with the members of the
     * conversations read, the feed heads of everyone in them follow in one more. The processor's rare events read
     * theirs as they come. Each of its projectors checks, when made, that every event type it handles is here.
     */
    static final ReadAhead READ_AHEAD = ReadAhead.builder()
            .collections(CONVERSATIONS, MEMBERS, OWN_SEQS, REACTIONS)
            .ahead(MessageSent.class, (event, ids) -> {
                String id = event.conversationId().value();
                ids.accept(CONVERSATIONS, id);
                ids.accept(MEMBERS, key(id, event.senderId().value()));
                ids.accept(OWN_SEQS, OwnSeqs.id(id, event.senderId().value(), event.seq()));
                if (event.mentions() != null) {
                    event.mentions().forEach(user -> ids.accept(MEMBERS, key(id, user.value())));
                }
            })
            .ahead(DeliveredUpTo.class, (event, ids) -> {
                ids.accept(CONVERSATIONS, event.conversationId().value());
                ids.accept(MEMBERS, key(event.conversationId().value(), event.userId().value()));
            })
            .ahead(ReadUpTo.class, (event, ids) -> {
                String id = event.conversationId().value();
                ids.accept(CONVERSATIONS, id);
                ids.accept(MEMBERS, key(id, event.userId().value()));
                // the reader's own seqs up to the read one (OwnSeqs.count), when they sent some above their watermark
                ids.accept(OWN_SEQS, OwnSeqs.id(id, event.userId().value(), event.seq()));
            })
            .ahead(ReactionSet.class, (event, ids) -> {
                ids.accept(CONVERSATIONS, event.conversationId().value());
                ids.accept(REACTIONS, key(event.conversationId().value(), event.seq()));
            })
            .ahead(ReactionRemoved.class, (event, ids) -> {
                ids.accept(CONVERSATIONS, event.conversationId().value());
                ids.accept(REACTIONS, key(event.conversationId().value(), event.seq()));
            })
            .ahead(MessageEdited.class, (event, ids) -> ids.accept(CONVERSATIONS, event.conversationId().value()))
            .ahead(MessageDeleted.class, (event, ids) -> {
                ids.accept(CONVERSATIONS, event.conversationId().value());
                ids.accept(REACTIONS, key(event.conversationId().value(), event.seq()));
            })
            .asTheyCome(AccountRegistered.class, DirectConversationStarted.class, GroupCreated.class,
                    MembersAdded.class, MemberRemoved.class, AdminAppointed.class, MessageHidden.class)
            .asTheyCome(GroupRenamed.class, GroupDescribed.class, AdminPromoted.class, AdminDemoted.class,
                    OnlyAdminsSendChanged.class, InviteLinkCreated.class, InviteLinkRevoked.class)
            .asTheyCome(MessageRequestOpened.class, MessageRequestAccepted.class, MessageRequestDeclined.class)
            .asTheyCome(GroupInvitationsOpened.class, GroupInvitationAccepted.class, GroupInvitationDeclined.class,
                    GroupInvitationCancelled.class)
            .asTheyCome(UserBlocked.class, UserUnblocked.class)
            .build();

    private final MongoTemplate mongo;
    private final MongoDatabase db;
    private final Timer flushes;

    ConversationProjector(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.db = mongo.getDb();
        this.flushes = Batch.flushTimer(meters, ProcessingGroups.CONVERSATIONS);
        READ_AHEAD.requireDeclared(ConversationProjector.class);
    }

    @EventHandler
    void on(AccountRegistered event) {
        String id = event.userId().value();
        ConversationBatch batch = batch();
        batch.users.put(UserDocument.registered(batch.users.get(id), id, event.username().value(),
                event.displayName()));
    }

    @EventHandler
    void on(DirectConversationStarted event, TrackingToken token) {
        started(event.conversationId(), ConversationKind.DIRECT, null, event.members(), List.of(), event.startedAt(),
                token);
    }

    @EventHandler
    void on(GroupCreated event, TrackingToken token) {
        started(event.conversationId(), ConversationKind.GROUP, event.title(), event.members(),
                List.of(event.createdBy().value()), event.createdAt(), token);
    }

    private void started(ConversationId conversationId, ConversationKind kind, String title, List<UserId> users,
                         List<String> admins, Instant at, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = conversationId.value();
        List<String> current = batch.members(id);
        List<String> members = ids(users);
        batch.conversations.put(ConversationDocument.started(batch.conversations.get(id), id, kind, title, members,
                admins, at));
        joined(batch, id, members, position(token));
        current.clear();
        current.addAll(members);
        batch.feed.append(members, position(token), change("conversation.joined", id, at));
    }

    @EventHandler
    void on(MembersAdded event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        List<String> newcomers = ids(event.userIds());
        batch.changeConversation(id, conversation -> conversation.joined(newcomers));
        joined(batch, id, newcomers, position(token));
        batch.feed.append(members, position(token), change("members.added", id, event.addedAt())
                .withUserIds(newcomers).withBy(event.addedBy().value()));
        batch.feed.append(newcomers, position(token), change("conversation.joined", id, event.addedAt()));
        newcomers.stream().filter(user -> !members.contains(user)).forEach(members::add);
    }

    @EventHandler
    void on(MemberRemoved event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        String user = event.userId().value();
        List<String> members = batch.members(id);
        batch.changeConversation(id, conversation -> conversation.left(user));
        if (!seen(batch.members.get(key(id, user)), position(token))) {
            batch.members.delete(key(id, user));
        }
        UserDocument account = batch.users.get(user);
        if (account != null) {
            batch.users.put(account.left(id));
        }
        batch.feed.append(members, position(token), change("member.removed", id, event.removedAt())
                .withUserId(user).withBy(event.removedBy().value()));
        members.remove(user);
    }

    @EventHandler
    void on(AdminAppointed event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        batch.changeConversation(id, conversation -> conversation.withAdmin(event.userId().value()));
        batch.feed.append(members, position(token), change("admin.appointed", id, event.appointedAt())
                .withUserId(event.userId().value()));
    }

    @EventHandler
    void on(MessageSent event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        String sender = event.senderId().value();
        // of a reply only the seq: the quote is read as the quoted message is when the reply is read (edited, deleted)
        batch.message(id, new MessageDocument(event.seq(), event.messageId().value(), sender, event.clientMessageId(),
                event.text(), MessageDocument.Media.of(event.media()), event.sentAt(),
                event.replyTo() == null ? null : event.replyTo().seq(),
                event.mentions() == null ? null : ids(event.mentions()), event.forwarded() ? true : null, null, null,
                null));
        ConversationDocument.LastMessage preview = new ConversationDocument.LastMessage(sender,
                event.text() == null ? null : event.text().substring(0, Math.min(PREVIEW_LENGTH, event.text().length())),
                event.media() == null ? null : event.media().mediaType(), event.seq(), event.sentAt(), null);
        batch.changeConversation(id, conversation -> conversation.sent(preview));
        OwnSeqs own = batch.ownSeqs.get(OwnSeqs.id(id, sender, event.seq()));
        batch.ownSeqs.put(OwnSeqs.mark(own, id, sender, event.seq()));
        MemberDocument member = unseen(batch, id, sender, position(token));
        if (member != null && member.read() < event.seq()) {
            batch.members.put(member.withOwnAboveRead(member.ownAboveRead() + 1));
        }
        if (event.mentions() != null) {
            for (String mentioned : ids(event.mentions())) {
                MemberDocument theirs = unseen(batch, id, mentioned, position(token));
                if (theirs != null) {
                    batch.members.put(theirs.mentionedAt(event.seq()));
                }
            }
        }
        batch.feed.append(members, position(token), change("message", id, event.sentAt())
                .withSeq(event.seq()));
    }

    @EventHandler
    void on(DeliveredUpTo event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        MemberDocument member = unseen(batch, id, event.userId().value(), position(token));
        if (member != null) {
            batch.members.put(member.deliveredUpTo(event.seq()));
        }
        batch.feed.append(members, position(token), change("delivered", id, event.at())
                .withUserId(event.userId().value()).withSeq(event.seq()));
    }

    @EventHandler
    void on(ReadUpTo event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        List<String> members = batch.members(id);
        String user = event.userId().value();
        MemberDocument member = unseen(batch, id, user, position(token));
        if (member != null) {
            long own = member.ownAboveRead();
            if (event.seq() > member.read() && own > 0) {
                long passed = OwnSeqs.count(batch.ownSeqs, id, user, Math.max(member.read(), member.ownSince()),
                        event.seq());
                own = Math.max(0, own - passed);
            }
            batch.members.put(member.readUpTo(event.seq(), own));
        }
        batch.feed.append(members, position(token), change("read", id, event.at())
                .withUserId(event.userId().value()).withSeq(event.seq()));
    }

    // ---------------------------------------------------------------- message actions
    // A reply is a MessageSent with replyTo (above). Reactions, edits and deletions change a stored message: each is
    // recorded in the conversation's change log (MessageChanges), which a resuming device reads from its last change.

    /** Reactions go to the message's own small document in {@code reactions}, never to its bucket of messages. */
    @EventHandler
    void on(ReactionSet event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        batch.reactions.put(reactionsOf(batch, id, event.seq()).with(event.userId().value(), event.emoji()));
        messageChanged(batch, id, event.seq(), event.change(), token, change("reaction", id, event.at())
                .withSeq(event.seq()).withUserId(event.userId().value()).withEmoji(event.emoji()));
    }

    @EventHandler
    void on(ReactionRemoved event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        batch.reactions.put(reactionsOf(batch, id, event.seq()).without(event.userId().value()));
        messageChanged(batch, id, event.seq(), event.change(), token, change("reaction", id, event.at())
                .withSeq(event.seq()).withUserId(event.userId().value()));
    }

    @EventHandler
    void on(MessageEdited event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        batch.changeMessage(id, event.seq(), MessageDocument.edit(event.text(), event.editedAt()));
        changeLastMessage(batch, id, event.seq(), last -> last.edited(event.text()));
        messageChanged(batch, id, event.seq(), event.change(), token, change("edited", id, event.editedAt())
                .withSeq(event.seq()));
    }

    /** The tombstone keeps who sent it when; the text, media, edits and reactions leave the read models. */
    @EventHandler
    void on(MessageDeleted event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        batch.changeMessage(id, event.seq(), MessageDocument.tombstone(event.deletedAt()));
        batch.reactions.delete(key(id, event.seq()));
        changeLastMessage(batch, id, event.seq(), ConversationDocument.LastMessage::asDeleted);
        messageChanged(batch, id, event.seq(), event.change(), token, change("deleted", id, event.deletedAt())
                .withSeq(event.seq()));
    }

    /** Only the member's own history and feed change. */
    @EventHandler
    void on(MessageHidden event, TrackingToken token) {
        ConversationBatch batch = batch();
        String id = event.conversationId().value();
        String user = event.userId().value();
        batch.setField(ReadModels.HIDDEN_MESSAGES, HiddenMessages.id(id, user, event.seq()),
                HiddenMessages.field(event.seq()), true);
        batch.feed.append(List.of(user), position(token), change("hidden", id, event.at()).withSeq(event.seq()));
    }

    private static ReactionsDocument reactionsOf(ConversationBatch batch, String conversationId, long seq) {
        return ReactionsDocument.of(batch.reactions.get(key(conversationId, seq)), conversationId, seq);
    }

    /** Changes the conversation's preview of its last message, when that is the message at seq. */
    private static void changeLastMessage(ConversationBatch batch, String conversationId, long seq,
                                          UnaryOperator<ConversationDocument.LastMessage> change) {
        ConversationDocument conversation = batch.conversations.get(conversationId);
        ConversationDocument.LastMessage last = conversation == null ? null : conversation.lastMessageAt(seq);
        if (last != null) {
            batch.conversations.put(conversation.withLastMessage(change.apply(last)));
        }
    }

    private static void messageChanged(ConversationBatch batch, String conversationId, long seq, long change,
                                       TrackingToken token, FeedEntry feedEntry) {
        String bucket = MessageChanges.bucketId(conversationId, change);
        MessageChanges.fields(conversationId, change, seq)
                .forEach((field, value) -> batch.setField(ReadModels.MESSAGE_CHANGES, bucket, field, value));
        batch.changeConversation(conversationId, conversation -> conversation.changedAt(change));
        batch.feed.append(batch.members(conversationId), position(token), feedEntry.withChange(change));
    }

    @ResetHandler
    void reset() {
        ReadModels.drop(db, ReadModels.OF_CONVERSATIONS);
    }

    /**
     * Fresh watermarks for members who (re)join, unless their document already took this join (or a later one: the
     * event is handled again), and the conversation in their list.
     */
    private static void joined(ConversationBatch batch, String conversationId, List<String> users, long position) {
        for (String user : users) {
            if (!seen(batch.members.get(key(conversationId, user)), position)) {
                batch.members.put(MemberDocument.joined(conversationId, user, batch.lastSeq(conversationId), position));
            }
            batch.users.put(UserDocument.joined(batch.users.get(user), user, conversationId));
        }
    }

    /** Whether the member document took the event at this position, or a later one, already. */
    private static boolean seen(MemberDocument member, long position) {
        return member != null && member.took(position);
    }

    /**
     * The member's document for the event at this position to change, staged as taking it, or null if it took it; put
     * the changed document back.
     */
    private static MemberDocument unseen(ConversationBatch batch, String conversationId, String user, long position) {
        MemberDocument member = batch.members.get(key(conversationId, user));
        if (member == null || seen(member, position)) {
            return null;
        }
        MemberDocument taking = member.at(position);
        batch.members.put(taking);
        return taking;
    }

    private ConversationBatch batch() {
        return ConversationBatch.current(mongo, flushes);
    }

    private static FeedEntry change(String type, String conversationId, Instant at) {
        return FeedEntry.of(type, conversationId, at);
    }

    private static List<String> ids(List<UserId> users) {
        return users.stream().map(UserId::value).distinct().toList();
    }

    static long position(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("no position in " + token));
    }
}
