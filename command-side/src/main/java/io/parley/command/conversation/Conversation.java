package io.parley.command.conversation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.AdminDemoted;
import io.parley.api.conversation.AdminPromoted;
import io.parley.api.conversation.CreateInviteLink;
import io.parley.api.conversation.DemoteAdmin;
import io.parley.api.conversation.DescribeGroup;
import io.parley.api.conversation.GroupDescribed;
import io.parley.api.conversation.CancelGroupInvitation;
import io.parley.api.conversation.GroupInvitationAccepted;
import io.parley.api.conversation.GroupInvitationCancelled;
import io.parley.api.conversation.GroupInvitationDeclined;
import io.parley.api.conversation.GroupInvitationsOpened;
import io.parley.api.conversation.GroupRenamed;
import io.parley.api.conversation.InviteLinkCreated;
import io.parley.api.conversation.InviteLinkRevoked;
import io.parley.api.conversation.InviteTokens;
import io.parley.api.conversation.JoinByInviteLink;
import io.parley.api.conversation.OnlyAdminsSendChanged;
import io.parley.api.conversation.PromoteAdmin;
import io.parley.api.conversation.RenameGroup;
import io.parley.api.conversation.RevokeInviteLink;
import io.parley.api.conversation.SetOnlyAdminsSend;
import io.parley.api.conversation.BlockUser;
import io.parley.api.conversation.AcceptMessageRequest;
import io.parley.api.conversation.DeclineMessageRequest;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestDeclined;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import io.parley.api.conversation.CreateGroup;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MarkDelivered;
import io.parley.api.conversation.MarkRead;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.Quote;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.conversation.DeleteMessage;
import io.parley.api.conversation.EditMessage;
import io.parley.api.conversation.ForwardMessage;
import io.parley.api.conversation.HideMessage;
import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageHidden;
import io.parley.api.conversation.ReactionRemoved;
import io.parley.api.conversation.ReactionSet;
import io.parley.api.conversation.RemoveReaction;
import io.parley.api.conversation.SetReaction;
import io.parley.api.conversation.RemoveMember;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.StartDirectConversation;
import io.parley.api.conversation.UnblockUser;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import io.parley.api.media.MediaAttachment;
import io.parley.platform.problem.Outages;
import io.parley.api.problem.Rejection;
import io.parley.api.query.MessageView;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A direct chat or a group: who is in it, the next {@code seq}, each member's watermarks, and each sender's
 * recent clientMessageIds. Its state stays bounded however long the conversation gets, so a snapshot of it
 * loads as fast at message 100,000 as at message 1.
 */
@Aggregate(cache = "conversationCache", snapshotTriggerDefinition = "conversationSnapshotTrigger",
        commandTargetResolver = "commandTargets")
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class Conversation {

    static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;

    @AggregateIdentifier
    private ConversationId id;
    private ConversationKind kind;
    /** userId → is admin, in the order they joined. */
    private Map<String, Boolean> members = new LinkedHashMap<>();
    private long lastSeq;
    private Map<String, Watermarks> watermarks = new HashMap<>();
    private Map<String, RecentMessages> recentBySender = new HashMap<>();
    /** How many message changes (reactions, edits, deletions) there were: the last one's {@code change}. */
    private long lastChange;
    private RecentReactions recentReactions = new RecentReactions();
    private RecentDeletions recentDeletions = new RecentDeletions();
    /** A group's title and description, to tell a change from a no-op. */
    private String title;
    private String description = "";
    private boolean onlyAdminsSend;
    /** The SHA-256 hash of the current invite link's token; null while the group has none. */
    private String inviteTokenHash;
    /** A group's: who created it with which title and members, to tell a repeated creation from another one. */
    private String creationRequest;
    /** Of a direct conversation's two users, those who block the other (see {@link BlockUser}). */
    private Set<String> blockedBy = new HashSet<>();
    /** Of a direct conversation, the user it reached as a message request not accepted yet; null when none. */
    private String requestTo;
    /** Whether {@link #requestTo} declined the request. */
    private boolean requestDeclined;
    /** Of a group, who is invited and not answered yet (userId → who invited them), in the order invited. */
    private Map<String, String> invitations = new LinkedHashMap<>();
    /** Of a group, who declined their invitation since they were last invited or members. */
    private Set<String> declinedInvitations = new HashSet<>();
    /** Of a group, whose invitation an admin cancelled since they were last invited or members. */
    private Set<String> cancelledInvitations = new HashSet<>();

    Conversation() {
        // for Axon and Jackson
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ConversationId handle(StartDirectConversation command,
                          @MetaDataValue(MessageRequestSetting.KEY) Boolean messageRequest) {
        if (command.requestedBy().equals(command.peer())) {
            throw Rejection.CANNOT_TALK_TO_SELF.exception("A direct conversation needs two different users");
        }
        if (kind == null) {
            if (!blockedBy.isEmpty()) {
                throw Rejection.BLOCKED.exception(blockedBy.contains(command.requestedBy().value())
                        ? "You blocked this user: unblock them first" : "You cannot start a chat with this user");
            }
            boolean request = Boolean.TRUE.equals(messageRequest);
            apply(new DirectConversationStarted(command.conversationId(), command.requestedBy(),
                    List.of(command.requestedBy(), command.peer()), now(), request));
            if (request) {
                apply(new MessageRequestOpened(command.conversationId(), command.peer(), command.requestedBy(), now()));
            }
        } else {
            requireMember(command.requestedBy());
        }
        return command.conversationId();
    }

    /**
     * Creates the group, or, when it exists already (the id was derived from the creator's idempotency key, and this is
     * the same request again), answers as the first time did without creating anything. The same key with another
     * request is refused.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ConversationId handle(CreateGroup command, ConversationLimits limits,
                          @MetaDataValue(BlockLookup.KEY) BlockLookup blockLookup,
                          @MetaDataValue(StrangerLookup.KEY) StrangerLookup strangerLookup,
                          @MetaDataValue(MessageRequestSetting.KEY) Boolean messageRequests) {
        if (!limits.acceptsTitle(command.title())) {
            throw Rejection.INVALID_REQUEST.exception(limits.titleRule());
        }
        String title = command.title().strip();
        Set<UserId> members = new LinkedHashSet<>();
        members.add(command.createdBy());
        members.addAll(command.memberIds());
        if (id != null) {
            if (!GroupCreationRequest.fingerprint(command.createdBy(), title, members).equals(creationRequest)) {
                throw Rejection.IDEMPOTENCY_KEY_REUSED.exception(
                        "This Idempotency-Key was used for another request; use a new key for a new group");
            }
            return id;
        }
        if (members.size() > limits.maxGroupSize()) {
            throw Rejection.GROUP_FULL.exception("A group has at most " + limits.maxGroupSize() + " members");
        }
        requireNoBlocker(command.createdBy(), members, blockLookup);
        List<UserId> invited = strangers(command.createdBy(), members, strangerLookup, messageRequests);
        apply(new GroupCreated(command.conversationId(), title, command.createdBy(),
                members.stream().filter(member -> !invited.contains(member)).toList(), now()));
        if (!invited.isEmpty()) {
            apply(new GroupInvitationsOpened(command.conversationId(), command.createdBy(), invited, title, true, now()));
        }
        return command.conversationId();
    }

    @CommandHandler
    void handle(AddMembers command, ConversationLimits limits,
                @MetaDataValue(BlockLookup.KEY) BlockLookup blockLookup,
                @MetaDataValue(StrangerLookup.KEY) StrangerLookup strangerLookup,
                @MetaDataValue(MessageRequestSetting.KEY) Boolean messageRequests) {
        requireGroupAdmin(command.addedBy());
        List<UserId> newcomers = command.userIds().stream()
                .distinct()
                .filter(user -> !members.containsKey(user.value()) && !invitations.containsKey(user.value()))
                .toList();
        if (members.size() + invitations.size() + newcomers.size() > limits.maxGroupSize()) {
            throw Rejection.GROUP_FULL.exception("A group has at most " + limits.maxGroupSize() + " members");
        }
        requireNoBlocker(command.addedBy(), newcomers, blockLookup);
        List<UserId> invited = strangers(command.addedBy(), newcomers, strangerLookup, messageRequests);
        List<UserId> joining = newcomers.stream().filter(user -> !invited.contains(user)).toList();
        if (!joining.isEmpty()) {
            apply(new MembersAdded(id, command.addedBy(), joining, now()));
        }
        if (!invited.isEmpty()) {
            apply(new GroupInvitationsOpened(id, command.addedBy(), invited, title, false, now()));
        }
    }

    @CommandHandler
    void handle(RemoveMember command) {
        requireMember(command.removedBy());
        requireGroup();
        boolean leaving = command.removedBy().equals(command.userId());
        if (!leaving && !isAdmin(command.removedBy())) {
            throw Rejection.NOT_AN_ADMIN.exception("Only admins may remove other members");
        }
        if (members.containsKey(command.userId().value())) {
            apply(new MemberRemoved(id, command.removedBy(), command.userId(), now()));
            if (!members.isEmpty() && !members.containsValue(true)) {
                UserId longestStanding = UserId.of(members.keySet().iterator().next());
                apply(new AdminAppointed(id, longestStanding, now()));
            }
        }
    }

    @CommandHandler
    MessageAccepted handle(SendMessage command, ConversationLimits limits,
                           @MetaDataValue(MediaLookup.KEY) MediaLookup mediaLookup,
                           @MetaDataValue(MessageLookup.KEY) MessageLookup messageLookup) {
        requireMember(command.senderId());
        String clientMessageId = command.clientMessageId();
        MessageAccepted before = acceptedBefore(command.senderId(), clientMessageId);
        if (before != null) {
            return before;
        }
        requireMaySend(command.senderId());
        MediaAttachment media = command.mediaId() == null ? null : attachable(command, mediaLookup);
        String text = command.text();
        boolean captionless = media != null && (text == null || text.isBlank());
        if (!limits.acceptsText(text, media != null)) {
            throw Rejection.TEXT_INVALID.exception(limits.textRule());
        }
        Quote replyTo = null;
        if (command.replyToSeq() != null) {
            if (command.replyToSeq() < 1 || command.replyToSeq() > lastSeq) {
                throw Rejection.REPLY_TO_UNKNOWN.exception("replyTo must be the seq of a message, from 1 to " + lastSeq);
            }
            replyTo = looked(command.replyToSeq(), messageLookup).quote();
        }
        answerRequestBySending(command.senderId());
        long seq = lastSeq + 1;
        List<UserId> mentions = kind == ConversationKind.GROUP && !captionless
                ? Mentions.in(text, members.keySet(), command.senderId()) : null;
        MessageSent sent = new MessageSent(id, MessageId.at(id, seq), seq, command.senderId(), clientMessageId,
                captionless ? null : text, media, now(), replyTo, mentions);
        apply(sent);
        return new MessageAccepted(sent.messageId(), sent.seq(), sent.sentAt());
    }

    /** Decided on what the media module said before this conversation was loaded ({@link MediaLookup}). */
    private static MediaAttachment attachable(SendMessage command, MediaLookup lookup) {
        if (lookup == null || !command.mediaId().equals(lookup.mediaId())) {
            throw new IllegalStateException("A send with media reached the conversation without its media looked up");
        }
        if (lookup.unavailable() != null) {
            throw Outages.unavailable(lookup.unavailable());
        }
        if (lookup.attachment() == null) {
            throw Rejection.MEDIA_NOT_ATTACHABLE.exception("Only your own media, once uploaded, can be attached");
        }
        return lookup.attachment();
    }

    @CommandHandler
    void handle(MarkDelivered command) {
        Watermarks current = watermarksOf(command.userId(), command.upToSeq());
        if (command.upToSeq() > current.delivered() && !awaitsAnswerFrom(command.userId())) {
            apply(new DeliveredUpTo(id, command.userId(), command.upToSeq(), now()));
        }
    }

    @CommandHandler
    void handle(MarkRead command) {
        Watermarks current = watermarksOf(command.userId(), command.upToSeq());
        if (command.upToSeq() > current.read() && !awaitsAnswerFrom(command.userId())) {
            apply(new ReadUpTo(id, command.userId(), command.upToSeq(), now()));
        }
    }

    private Watermarks watermarksOf(UserId member, long upToSeq) {
        requireMember(member);
        if (upToSeq < 0 || upToSeq > lastSeq) {
            throw Rejection.SEQ_OUT_OF_RANGE.exception("upToSeq must be between 0 and the last seq, " + lastSeq);
        }
        return watermarksOf(member);
    }

    private Watermarks watermarksOf(UserId member) {
        return watermarks.getOrDefault(member.value(), Watermarks.NONE);
    }

    // ---------------------------------------------------------------- message actions: reactions

    @CommandHandler
    void handle(SetReaction command) {
        requireMember(command.userId());
        requireLiveMessage(command.seq());
        if (!Reactions.isEmoji(command.emoji())) {
            throw Rejection.REACTION_INVALID.exception("A reaction is one emoji (at most " + Reactions.MAX_LENGTH
                    + " characters, no letters, digits or spaces)");
        }
        String earlier = recentReactions.get(RecentReactions.key(command.seq(), command.userId().value()));
        if (!command.emoji().equals(earlier)) {
            apply(new ReactionSet(id, command.seq(), command.userId(), command.emoji(), emptyToNull(earlier),
                    lastChange + 1, now()));
        }
    }

    @CommandHandler
    void handle(RemoveReaction command) {
        requireMember(command.userId());
        requireLiveMessage(command.seq());
        String earlier = recentReactions.get(RecentReactions.key(command.seq(), command.userId().value()));
        if (!"".equals(earlier)) {
            apply(new ReactionRemoved(id, command.seq(), command.userId(), emptyToNull(earlier), lastChange + 1, now()));
        }
    }

    private static String emptyToNull(String reaction) {
        return reaction == null || reaction.isEmpty() ? null : reaction;
    }

    // ---------------------------------------------------------------- message actions: edit

    @CommandHandler
    void handle(EditMessage command, ConversationLimits limits, MessageActionLimits actionLimits,
                @MetaDataValue(MessageLookup.KEY) MessageLookup messageLookup) {
        requireMember(command.userId());
        requireLiveMessage(command.seq());
        String text = command.text();
        if (!limits.acceptsText(text, false)) {
            throw Rejection.TEXT_INVALID.exception(limits.textRule());
        }
        RecentMessages.Sent own = ownRecent(command.userId(), command.seq());
        if (own == null) {
            throw sentBy(command.userId(), looked(command.seq(), messageLookup))
                    ? Rejection.EDIT_WINDOW_CLOSED.exception("Messages can be edited for " + actionLimits.editWindow())
                    : Rejection.NOT_YOUR_MESSAGE.exception("Only the sender may edit a message");
        }
        Instant now = now();
        if (now.isAfter(Instant.ofEpochMilli(own.sentAtMillis()).plus(actionLimits.editWindow()))) {
            throw Rejection.EDIT_WINDOW_CLOSED.exception("Messages can be edited for " + actionLimits.editWindow());
        }
        apply(new MessageEdited(id, command.seq(), command.userId(), text, lastChange + 1, now));
    }

    // ---------------------------------------------------------------- message actions: delete

    @CommandHandler
    void handle(DeleteMessage command, @MetaDataValue(MessageLookup.KEY) MessageLookup messageLookup) {
        requireMember(command.userId());
        requireKnownMessage(command.seq());
        if (recentDeletions.containsKey(command.seq())) {
            return;
        }
        MessageLookup looked = looked(command.seq(), messageLookup);
        boolean permitted = kind == ConversationKind.GROUP && isAdmin(command.userId())
                || ownRecent(command.userId(), command.seq()) != null
                || sentBy(command.userId(), looked);
        if (!permitted) {
            throw Rejection.NOT_YOUR_MESSAGE.exception("Only the sender or a group admin may delete a message for everyone");
        }
        apply(new MessageDeleted(id, command.seq(), command.userId(), lastChange + 1, now(),
                looked.mediaId()));
    }

    @CommandHandler
    void handle(HideMessage command) {
        requireMember(command.userId());
        requireKnownMessage(command.seq());
        apply(new MessageHidden(id, command.seq(), command.userId(), now()));
    }

    // ---------------------------------------------------------------- message actions: forward

    @CommandHandler
    MessageAccepted handle(ForwardMessage command, @MetaDataValue(ForwardLookup.KEY) ForwardLookup forwardLookup) {
        requireMember(command.senderId());
        String clientMessageId = command.clientMessageId();
        MessageAccepted before = acceptedBefore(command.senderId(), clientMessageId);
        if (before != null) {
            return before;
        }
        requireMaySend(command.senderId());
        MessageView forwarded = forwardable(command, forwardLookup);
        MediaAttachment media = forwarded.media() == null ? null : forwardableMedia(forwardLookup.media());
        answerRequestBySending(command.senderId());
        long seq = lastSeq + 1;
        MessageSent sent = new MessageSent(id, MessageId.at(id, seq), seq, command.senderId(), clientMessageId,
                forwarded.text(), media, now(), null, null, true);
        apply(sent);
        return new MessageAccepted(sent.messageId(), sent.seq(), sent.sentAt());
    }

    /** The message to copy, as the read model had it for the sender before this conversation was loaded. */
    private static MessageView forwardable(ForwardMessage command, ForwardLookup lookup) {
        if (lookup == null || !command.fromConversationId().equals(lookup.fromConversationId())
                || command.fromSeq() != lookup.fromSeq()) {
            throw new IllegalStateException("A forward reached the conversation without its message looked up");
        }
        MessageView message = lookup.message();
        if (message == null || message.hidden()) {
            throw Rejection.MESSAGE_NOT_FOUND.exception("No message at seq " + command.fromSeq() + " in "
                    + command.fromConversationId() + " that you can see");
        }
        if (message.deleted()) {
            throw Rejection.MESSAGE_DELETED.exception("The message at seq " + command.fromSeq() + " was deleted");
        }
        return message;
    }

    private static MediaAttachment forwardableMedia(MediaLookup lookup) {
        if (lookup == null) {
            throw new IllegalStateException("A forward with media reached the conversation without its media looked up");
        }
        if (lookup.unavailable() != null) {
            throw Outages.unavailable(lookup.unavailable());
        }
        if (lookup.attachment() == null) {
            throw Rejection.MEDIA_NOT_ATTACHABLE.exception("The forwarded message's media is no longer available");
        }
        return lookup.attachment();
    }

    private void requireKnownMessage(long seq) {
        if (seq < 1 || seq > lastSeq) {
            throw Rejection.MESSAGE_NOT_FOUND.exception("No message at seq " + seq + "; the last is " + lastSeq);
        }
    }

    private void requireLiveMessage(long seq) {
        requireKnownMessage(seq);
        if (recentDeletions.containsKey(seq)) {
            throw Rejection.MESSAGE_DELETED.exception("The message at seq " + seq + " was deleted");
        }
    }

    /** The user's message at seq while it is among their recent ones (see RecentMessages), else null. */
    private RecentMessages.Sent ownRecent(UserId user, long seq) {
        RecentMessages recent = recentBySender.get(user.value());
        if (recent == null) {
            return null;
        }
        return recent.values().stream().filter(sent -> sent.seq() == seq).findFirst().orElse(null);
    }

    /**
     * Whether the user sent an older message, beyond what this aggregate keeps: as the read models say, which have it,
     * since only recent messages can be missing from them.
     */
    private static boolean sentBy(UserId user, MessageLookup looked) {
        return user.value().equals(looked.quote().senderId());
    }

    /** What the read model said of the message at seq before this conversation was loaded ({@link MessageLookup}). */
    private static MessageLookup looked(long seq, MessageLookup lookup) {
        if (lookup == null || lookup.seq() != seq) {
            throw new IllegalStateException("A command naming message " + seq
                    + " reached the conversation without the message looked up");
        }
        return lookup;
    }

    // ---------------------------------------------------------------- blocking

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(BlockUser command) {
        if (command.blockedBy().equals(command.userId())) {
            throw Rejection.CANNOT_TALK_TO_SELF.exception("You cannot block yourself");
        }
        if (kind == ConversationKind.GROUP) {
            throw new IllegalStateException("A block went to group " + id + " instead of a direct conversation");
        }
        if (!blockedBy.contains(command.blockedBy().value())) {
            apply(new UserBlocked(command.conversationId(), command.blockedBy(), command.userId(), now()));
        }
    }

    @CommandHandler
    void handle(UnblockUser command) {
        if (blockedBy.contains(command.unblockedBy().value())) {
            apply(new UserUnblocked(id, command.unblockedBy(), command.userId(), now()));
        }
    }

    /**
     * What a send or forward with this {@code clientMessageId} of this sender was answered when it was accepted, or
     * null when it is new: the same again (a retry after a lost ack) gets the same answer and stores nothing.
     */
    private MessageAccepted acceptedBefore(UserId sender, String clientMessageId) {
        if (clientMessageId == null || clientMessageId.isBlank() || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH) {
            throw Rejection.INVALID_REQUEST.exception("clientMessageId must have 1 to " + MAX_CLIENT_MESSAGE_ID_LENGTH + " characters");
        }
        RecentMessages recent = recentBySender.get(sender.value());
        RecentMessages.Sent original = recent == null ? null : recent.get(clientMessageId);
        return original == null ? null : new MessageAccepted(MessageId.at(id, original.seq()), original.seq(),
                Instant.ofEpochMilli(original.sentAtMillis()));
    }

    /** A member who may not send: one blocked in a direct chat, or not an admin where only admins send. */
    private void requireMaySend(UserId sender) {
        requireNotBlocked(sender);
        if (onlyAdminsSend && !isAdmin(sender)) {
            throw Rejection.ONLY_ADMINS_SEND.exception("Only admins may send messages in this group");
        }
    }

    /** A direct conversation either of whose users blocks the other takes no messages. */
    private void requireNotBlocked(UserId sender) {
        if (!blockedBy.isEmpty()) {
            throw Rejection.BLOCKED.exception(blockedBy.contains(sender.value())
                    ? "You blocked this user: unblock them to send" : "You cannot send messages to this user");
        }
    }

    /** Decided on who blocks the adder, as looked up before this conversation was loaded ({@link BlockLookup}). */
    private static void requireNoBlocker(UserId adder, Collection<UserId> added, BlockLookup lookup) {
        if (lookup == null || !lookup.adder().equals(adder)) {
            throw new IllegalStateException("Members were added without looking up who blocks " + adder);
        }
        if (added.stream().anyMatch(lookup.blockers()::contains)) {
            throw Rejection.BLOCKED.exception("Someone you are adding does not accept that from you");
        }
    }

    boolean isBlockedBy(UserId user) {
        return blockedBy.contains(user.value());
    }

    // ---------------------------------------------------------------- message requests

    @CommandHandler
    void handle(AcceptMessageRequest command) {
        if (kind == ConversationKind.GROUP) {
            acceptInvitation(command.userId());
            return;
        }
        requireMember(command.userId());
        if (awaitsAnswerFrom(command.userId())) {
            apply(new MessageRequestAccepted(id, command.userId(), requester(), now()));
        }
    }

    @CommandHandler
    void handle(DeclineMessageRequest command) {
        if (kind == ConversationKind.GROUP) {
            declineInvitation(command.userId());
            return;
        }
        requireMember(command.userId());
        if (!awaitsAnswerFrom(command.userId())) {
            throw Rejection.NOT_A_MESSAGE_REQUEST.exception("This chat is no message request to you");
        }
        if (!requestDeclined) {
            apply(new MessageRequestDeclined(id, command.userId(), requester(), now()));
        }
    }

    /** The one a request reached accepts it by writing; the requester may not write once it is declined. */
    private void answerRequestBySending(UserId sender) {
        if (awaitsAnswerFrom(sender)) {
            apply(new MessageRequestAccepted(id, sender, requester(), now()));
        } else if (isMessageRequestDeclined()) {
            throw Rejection.MESSAGE_REQUEST_DECLINED.exception("This user declined your message request");
        }
    }

    /** Whether the conversation reached the user as a message request they have not accepted. */
    boolean awaitsAnswerFrom(UserId user) {
        return user.value().equals(requestTo);
    }

    boolean isMessageRequestDeclined() {
        return requestTo != null && requestDeclined;
    }

    private UserId requester() {
        return members.keySet().stream().filter(member -> !member.equals(requestTo)).findFirst()
                .map(UserId::of).orElseThrow();
    }

    // ---------------------------------------------------------------- group invitations

    /**
     * Of the users a group would take in, those who get an invitation instead: the ones who never talked with the adder
     * ({@link StrangerLookup}), while message requests are on.
     */
    private static List<UserId> strangers(UserId adder, Collection<UserId> added, StrangerLookup lookup,
                                          Boolean messageRequests) {
        if (!Boolean.TRUE.equals(messageRequests) || added.isEmpty()) {
            return List.of();
        }
        if (lookup == null || !lookup.adder().equals(adder)) {
            throw new IllegalStateException("Members were added without looking up who knows " + adder);
        }
        return added.stream().filter(lookup.strangers()::contains).toList();
    }

    private void acceptInvitation(UserId user) {
        String inviter = invitations.get(user.value());
        if (inviter == null) {
            requireMember(user);
            return;
        }
        apply(new GroupInvitationAccepted(id, user, UserId.of(inviter), now()));
        apply(new MembersAdded(id, UserId.of(inviter), List.of(user), now()));
    }

    private void declineInvitation(UserId user) {
        String inviter = invitations.get(user.value());
        if (inviter != null) {
            apply(new GroupInvitationDeclined(id, user, UserId.of(inviter), now()));
            return;
        }
        if (declinedInvitations.contains(user.value()) || cancelledInvitations.contains(user.value())) {
            return;
        }
        requireMember(user);
        throw Rejection.NOT_A_MESSAGE_REQUEST.exception("You are a member of this group, not invited to it");
    }

    /**
     * An admin withdraws an invitation not answered yet. One that is gone already (cancelled, or declined a moment
     * before) changes nothing, as declining again does; a member or someone never invited has none to cancel.
     */
    @CommandHandler
    void handle(CancelGroupInvitation command) {
        requireGroupAdmin(command.cancelledBy(), "cancel invitations");
        String user = command.userId() == null ? null : command.userId().value();
        String inviter = invitations.get(user);
        if (inviter != null) {
            apply(new GroupInvitationCancelled(id, command.userId(), UserId.of(inviter), command.cancelledBy(), now()));
        } else if (!cancelledInvitations.contains(user) && !declinedInvitations.contains(user)) {
            throw Rejection.NO_OPEN_INVITATION.exception("This user has no open invitation into the group");
        }
    }

    /** Whether the user is invited into this group and has not answered yet. */
    boolean isInvited(UserId user) {
        return invitations.containsKey(user.value());
    }

    boolean hasDeclinedInvitation(UserId user) {
        return declinedInvitations.contains(user.value());
    }

    boolean hasCancelledInvitation(UserId user) {
        return cancelledInvitations.contains(user.value());
    }

    /** Whether this is a direct conversation that was started (a block alone records one that was not). */
    boolean isDirectChat() {
        return kind == ConversationKind.DIRECT;
    }

    @EventSourcingHandler
    void on(GroupInvitationsOpened event) {
        event.userIds().forEach(user -> {
            invitations.put(user.value(), event.invitedBy().value());
            declinedInvitations.remove(user.value());
            cancelledInvitations.remove(user.value());
        });
        if (event.atCreation()) {
            List<UserId> requested = new ArrayList<>(members.keySet().stream().map(UserId::of).toList());
            requested.addAll(event.userIds());
            creationRequest = GroupCreationRequest.fingerprint(event.invitedBy(), title, requested);
        }
    }

    @EventSourcingHandler
    void on(GroupInvitationAccepted event) {
        invitations.remove(event.userId().value());
    }

    @EventSourcingHandler
    void on(GroupInvitationDeclined event) {
        invitations.remove(event.userId().value());
        declinedInvitations.add(event.userId().value());
    }

    @EventSourcingHandler
    void on(GroupInvitationCancelled event) {
        invitations.remove(event.userId().value());
        cancelledInvitations.add(event.userId().value());
    }

    @EventSourcingHandler
    void on(MessageRequestOpened event) {
        requestTo = event.userId().value();
        requestDeclined = false;
    }

    @EventSourcingHandler
    void on(MessageRequestAccepted event) {
        requestTo = null;
        requestDeclined = false;
    }

    @EventSourcingHandler
    void on(MessageRequestDeclined event) {
        requestDeclined = true;
    }

    @EventSourcingHandler
    void on(UserBlocked event) {
        id = event.conversationId();
        blockedBy.add(event.blockedBy().value());
    }

    @EventSourcingHandler
    void on(UserUnblocked event) {
        blockedBy.remove(event.unblockedBy().value());
    }

    @EventSourcingHandler
    void on(ReactionSet event) {
        lastChange = event.change();
        recentReactions.put(RecentReactions.key(event.seq(), event.userId().value()), event.emoji());
    }

    @EventSourcingHandler
    void on(ReactionRemoved event) {
        lastChange = event.change();
        recentReactions.put(RecentReactions.key(event.seq(), event.userId().value()), "");
    }

    @EventSourcingHandler
    void on(MessageEdited event) {
        lastChange = event.change();
    }

    @EventSourcingHandler
    void on(MessageDeleted event) {
        lastChange = event.change();
        recentDeletions.put(event.seq(), event.deletedAt().toEpochMilli());
    }

    @EventSourcingHandler
    void on(DirectConversationStarted event) {
        id = event.conversationId();
        kind = ConversationKind.DIRECT;
        event.members().forEach(member -> members.put(member.value(), false));
    }

    @EventSourcingHandler
    void on(GroupCreated event) {
        id = event.conversationId();
        kind = ConversationKind.GROUP;
        title = event.title();
        event.members().forEach(member -> members.put(member.value(), member.equals(event.createdBy())));
        creationRequest = GroupCreationRequest.fingerprint(event.createdBy(), event.title(), event.members());
    }

    @EventSourcingHandler
    void on(MembersAdded event) {
        event.userIds().forEach(member -> {
            members.put(member.value(), false);
            invitations.remove(member.value());
            declinedInvitations.remove(member.value());
            cancelledInvitations.remove(member.value());
        });
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.userId().value());
        watermarks.remove(event.userId().value());
        recentBySender.remove(event.userId().value());
    }

    @EventSourcingHandler
    void on(AdminAppointed event) {
        members.put(event.userId().value(), true);
    }

    @EventSourcingHandler
    void on(MessageSent event) {
        lastSeq = event.seq();
        recentBySender.computeIfAbsent(event.senderId().value(), sender -> new RecentMessages())
                .put(event.clientMessageId(), new RecentMessages.Sent(event.seq(), event.sentAt().toEpochMilli()));
    }

    @EventSourcingHandler
    void on(DeliveredUpTo event) {
        watermarks.put(event.userId().value(), watermarksOf(event.userId()).deliveredUpTo(event.seq()));
    }

    @EventSourcingHandler
    void on(ReadUpTo event) {
        watermarks.put(event.userId().value(), watermarksOf(event.userId()).readUpTo(event.seq()));
    }

    // ---------------------------------------------------------------- groups people can run

    @CommandHandler
    void handle(RenameGroup command, ConversationLimits limits) {
        requireGroupAdmin(command.renamedBy(), "rename the group");
        if (!limits.acceptsTitle(command.title())) {
            throw Rejection.INVALID_REQUEST.exception(limits.titleRule());
        }
        String newTitle = command.title().strip();
        if (!newTitle.equals(title)) {
            apply(new GroupRenamed(id, command.renamedBy(), newTitle, now()));
        }
    }

    @CommandHandler
    void handle(DescribeGroup command) {
        requireGroupAdmin(command.describedBy(), "change the description");
        String newDescription = command.description() == null ? "" : command.description().strip();
        if (newDescription.length() > GroupSettings.MAX_DESCRIPTION_LENGTH) {
            throw Rejection.INVALID_REQUEST.exception("A group description has at most "
                    + GroupSettings.MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (!newDescription.equals(description)) {
            apply(new GroupDescribed(id, command.describedBy(), newDescription, now()));
        }
    }

    @CommandHandler
    void handle(PromoteAdmin command) {
        requireGroupAdmin(command.promotedBy(), "promote members");
        requireOtherMember(command.userId());
        if (!isAdmin(command.userId())) {
            apply(new AdminPromoted(id, command.promotedBy(), command.userId(), now()));
        }
    }

    @CommandHandler
    void handle(DemoteAdmin command) {
        requireGroupAdmin(command.demotedBy(), "demote admins");
        requireOtherMember(command.userId());
        if (!isAdmin(command.userId())) {
            return;
        }
        if (members.values().stream().filter(Boolean::booleanValue).count() == 1) {
            throw Rejection.LAST_ADMIN.exception("Promote another member before the last admin steps down");
        }
        apply(new AdminDemoted(id, command.demotedBy(), command.userId(), now()));
    }

    @CommandHandler
    void handle(SetOnlyAdminsSend command) {
        requireGroupAdmin(command.changedBy(), "change who may send");
        if (command.onlyAdminsSend() != onlyAdminsSend) {
            apply(new OnlyAdminsSendChanged(id, command.changedBy(), command.onlyAdminsSend(), now()));
        }
    }

    @CommandHandler
    void handle(CreateInviteLink command) {
        requireGroupAdmin(command.createdBy(), "create invite links");
        if (command.tokenHash() == null || command.tokenHash().isBlank()) {
            throw new IllegalArgumentException("An invite link needs its token's hash");
        }
        apply(new InviteLinkCreated(id, command.createdBy(), command.tokenHash(), now()));
    }

    @CommandHandler
    void handle(RevokeInviteLink command) {
        requireGroupAdmin(command.revokedBy(), "revoke invite links");
        if (inviteTokenHash != null) {
            apply(new InviteLinkRevoked(id, command.revokedBy(), now()));
        }
    }

    @CommandHandler
    void handle(JoinByInviteLink command, ConversationLimits limits) {
        if (kind != ConversationKind.GROUP || !InviteTokens.matches(inviteTokenHash, command.tokenHash())) {
            throw Rejection.INVITE_LINK_INVALID.exception("This invite link was revoked or never existed");
        }
        if (members.containsKey(command.userId().value())) {
            return;
        }
        String inviter = invitations.get(command.userId().value());
        if (inviter != null) {
            apply(new GroupInvitationAccepted(id, command.userId(), UserId.of(inviter), now()));
        } else if (members.size() + invitations.size() + 1 > limits.maxGroupSize()) {
            throw Rejection.GROUP_FULL.exception("A group has at most " + limits.maxGroupSize() + " members");
        }
        apply(new MembersAdded(id, command.userId(), List.of(command.userId()), now()));
    }

    /** The member a promotion or demotion names. */
    private void requireOtherMember(UserId user) {
        if (user == null || !members.containsKey(user.value())) {
            throw Rejection.INVALID_REQUEST.exception("userId must be a member of the group");
        }
    }

    private void requireGroupAdmin(UserId user, String action) {
        requireMember(user);
        requireGroup();
        if (!isAdmin(user)) {
            throw Rejection.NOT_AN_ADMIN.exception("Only admins may " + action);
        }
    }

    @EventSourcingHandler
    void on(GroupRenamed event) {
        title = event.title();
    }

    @EventSourcingHandler
    void on(GroupDescribed event) {
        description = event.description();
    }

    @EventSourcingHandler
    void on(AdminPromoted event) {
        members.put(event.userId().value(), true);
    }

    @EventSourcingHandler
    void on(AdminDemoted event) {
        members.put(event.userId().value(), false);
    }

    @EventSourcingHandler
    void on(OnlyAdminsSendChanged event) {
        onlyAdminsSend = event.onlyAdminsSend();
    }

    @EventSourcingHandler
    void on(InviteLinkCreated event) {
        inviteTokenHash = event.tokenHash();
    }

    @EventSourcingHandler
    void on(InviteLinkRevoked event) {
        inviteTokenHash = null;
    }

    private void requireMember(UserId user) {
        if (!members.containsKey(user.value())) {
            throw Rejection.NOT_A_MEMBER.exception("You are not a member of this conversation");
        }
    }

    private void requireGroup() {
        if (kind != ConversationKind.GROUP) {
            throw Rejection.NOT_A_GROUP.exception("Members of a direct conversation cannot change");
        }
    }

    private void requireGroupAdmin(UserId user) {
        requireMember(user);
        requireGroup();
        if (!isAdmin(user)) {
            throw Rejection.NOT_AN_ADMIN.exception("Only admins may add members");
        }
    }

    private boolean isAdmin(UserId user) {
        return Boolean.TRUE.equals(members.get(user.value()));
    }

    /** Millisecond precision, the precision at which a deduplicated send answers the original sentAt. */
    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
