package io.parley.command.conversation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.AdminAppointed;
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
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.conversation.RemoveMember;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.StartDirectConversation;
import io.parley.api.media.MediaAttachment;
import io.parley.api.problem.Outages;
import io.parley.api.problem.Rejection;
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
import java.util.HashMap;
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
@Aggregate(cache = "conversationCache", snapshotTriggerDefinition = "conversationSnapshotTrigger")
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

    Conversation() {
        // for Axon and Jackson
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ConversationId handle(StartDirectConversation command) {
        if (command.requestedBy().equals(command.peer())) {
            throw Rejection.CANNOT_TALK_TO_SELF.exception("A direct conversation needs two different users");
        }
        if (id == null) {
            apply(new DirectConversationStarted(command.conversationId(), command.requestedBy(),
                    List.of(command.requestedBy(), command.peer()), now()));
        } else {
            requireMember(command.requestedBy());
        }
        return command.conversationId();
    }

    @CommandHandler
    Conversation(CreateGroup command, ConversationLimits limits) {
        String title = command.title() == null ? "" : command.title().strip();
        if (title.isEmpty() || title.length() > limits.maxTitleLength()) {
            throw Rejection.INVALID_REQUEST.exception("A group title must have 1 to " + limits.maxTitleLength() + " characters");
        }
        Set<UserId> members = new LinkedHashSet<>();
        members.add(command.createdBy());
        members.addAll(command.memberIds());
        if (members.size() > limits.maxGroupSize()) {
            throw Rejection.GROUP_FULL.exception("A group has at most " + limits.maxGroupSize() + " members");
        }
        apply(new GroupCreated(command.conversationId(), title, command.createdBy(), List.copyOf(members), now()));
    }

    @CommandHandler
    void handle(AddMembers command, ConversationLimits limits) {
        requireGroupAdmin(command.addedBy());
        List<UserId> newcomers = command.userIds().stream()
                .distinct()
                .filter(user -> !members.containsKey(user.value()))
                .toList();
        if (members.size() + newcomers.size() > limits.maxGroupSize()) {
            throw Rejection.GROUP_FULL.exception("A group has at most " + limits.maxGroupSize() + " members");
        }
        if (!newcomers.isEmpty()) {
            apply(new MembersAdded(id, command.addedBy(), newcomers, now()));
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
                           @MetaDataValue(MediaLookup.KEY) MediaLookup mediaLookup) {
        requireMember(command.senderId());
        String clientMessageId = command.clientMessageId();
        if (clientMessageId == null || clientMessageId.isBlank() || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH) {
            throw Rejection.INVALID_REQUEST.exception("clientMessageId must have 1 to " + MAX_CLIENT_MESSAGE_ID_LENGTH + " characters");
        }
        RecentMessages recent = recentBySender.get(command.senderId().value());
        RecentMessages.Sent original = recent == null ? null : recent.get(clientMessageId);
        if (original != null) {
            return new MessageAccepted(MessageId.at(id, original.seq()), original.seq(),
                    Instant.ofEpochMilli(original.sentAtMillis()));
        }
        MediaAttachment media = command.mediaId() == null ? null : attachable(command, mediaLookup);
        String text = command.text();
        boolean captionless = media != null && (text == null || text.isBlank());
        if (!captionless && (text == null || text.isBlank() || text.length() > limits.maxTextLength())) {
            throw Rejection.TEXT_INVALID.exception("Text must have 1 to " + limits.maxTextLength() + " characters");
        }
        long seq = lastSeq + 1;
        MessageSent sent = new MessageSent(id, MessageId.at(id, seq), seq, command.senderId(), clientMessageId,
                captionless ? null : text, media, now());
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
        if (command.upToSeq() > current.delivered()) {
            apply(new DeliveredUpTo(id, command.userId(), command.upToSeq(), now()));
        }
    }

    @CommandHandler
    void handle(MarkRead command) {
        Watermarks current = watermarksOf(command.userId(), command.upToSeq());
        if (command.upToSeq() > current.read()) {
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
        event.members().forEach(member -> members.put(member.value(), member.equals(event.createdBy())));
    }

    @EventSourcingHandler
    void on(MembersAdded event) {
        event.userIds().forEach(member -> members.put(member.value(), false));
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
