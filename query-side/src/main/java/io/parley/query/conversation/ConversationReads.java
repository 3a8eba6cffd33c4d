package io.parley.query.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.problem.Rejection;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.ConversationSummary.Member;
import io.parley.api.query.ConversationSummary.MessagePreview;
import io.parley.query.projection.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.parley.query.projection.ReadModels.key;

/** Reads of the conversation read model, all by id: who may read a conversation, and conversations as summaries. */
@Component
public class ConversationReads {

    private final MongoTemplate mongo;

    ConversationReads(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A conversation and the caller's watermarks in it, if the caller is a member. */
    public record Access(ConversationDocument conversation, MemberDocument.Watermarks member) {

        public long lastSeq() {
            return conversation.lastSeq();
        }

        public List<String> members() {
            return conversation.members();
        }

        /** The number of the conversation's last change of messages, 0 for none. */
        public long lastChange() {
            return conversation.changes();
        }
    }

    /** 404 for an unknown conversation, 403 for one the user is not in. */
    public Access requireMember(ConversationId conversationId, UserId user) {
        ConversationDocument conversation = mongo.findById(conversationId.value(), ConversationDocument.class,
                ReadModels.CONVERSATIONS);
        if (conversation == null) {
            throw Rejection.CONVERSATION_NOT_FOUND.exception("No conversation " + conversationId);
        }
        MemberDocument.Watermarks member = mongo.findOne(watermarks(Criteria.where("_id").is(key(conversationId.value(),
                user.value()))), MemberDocument.Watermarks.class, ReadModels.MEMBERS);
        if (member == null) {
            throw Rejection.NOT_A_MEMBER.exception("You are not a member of this conversation");
        }
        return new Access(conversation, member);
    }

    /** The watermarks of these users in a conversation, by user id, of those who are members. */
    public Map<String, MemberDocument.Watermarks> members(String conversationId, Collection<String> users) {
        List<String> ids = users.stream().map(user -> key(conversationId, user)).toList();
        Map<String, MemberDocument.Watermarks> byUser = new HashMap<>();
        for (MemberDocument.Watermarks doc : mongo.find(watermarks(Criteria.where("_id").in(ids)),
                MemberDocument.Watermarks.class, ReadModels.MEMBERS)) {
            byUser.put(doc.userId(), doc);
        }
        return byUser;
    }

    private static Query watermarks(Criteria byId) {
        Query query = Query.query(byId);
        query.fields().include(MemberDocument.Watermarks.FIELDS);
        return query;
    }

    /** Whether the two users are members of one conversation, at least: two reads by id. */
    public boolean shareAConversation(UserId one, UserId other) {
        Set<String> ofOne = new HashSet<>(conversationIdsOf(one));
        return !ofOne.isEmpty() && conversationIdsOf(other).stream().anyMatch(ofOne::contains);
    }

    /** The conversations the user is in (their ids, in the order the user joined them). */
    public List<String> conversationIdsOf(UserId user) {
        Query query = Query.query(Criteria.where("_id").is(user.value()));
        query.fields().include(UserDocument.CONVERSATION_IDS);
        UserDocument doc = mongo.findOne(query, UserDocument.class, ReadModels.USERS);
        return doc == null ? List.of() : doc.conversationIds();
    }

    /**
     * What the user's conversation list shows: the conversations the user is in, then the groups they are invited into
     * and have not answered ({@link GroupInvitationProjector}).
     */
    public List<String> listedIdsOf(UserId user) {
        Query query = Query.query(Criteria.where("_id").is(user.value()));
        query.fields().include(UserDocument.CONVERSATION_IDS, UserDocument.INVITED_TO);
        UserDocument doc = mongo.findOne(query, UserDocument.class, ReadModels.USERS);
        if (doc == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(doc.conversationIds());
        doc.openInvitations().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return ids;
    }

    /** All conversations the user is in or invited into, most recent activity first. */
    public List<ConversationSummary> all(UserId user) {
        return summaries(user, listedIdsOf(user));
    }

    /**
     * These conversations as the user sees them, the ones the user is in or invited into (an invitation shows the
     * group's title and members and who invited them, nothing of its messages), most recent activity first.
     */
    public List<ConversationSummary> summaries(UserId user, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        List<ConversationDocument> conversations = mongo.find(Query.query(Criteria.where("_id")
                .in(new LinkedHashSet<>(conversationIds))), ConversationDocument.class, ReadModels.CONVERSATIONS);
        Map<String, MemberDocument> own = new HashMap<>();
        List<String> memberIds = conversations.stream().map(c -> key(c.id(), user.value())).toList();
        for (MemberDocument member : mongo.find(Query.query(Criteria.where("_id").in(memberIds)), MemberDocument.class,
                ReadModels.MEMBERS)) {
            own.put(member.conversationId(), member);
        }
        Set<String> everyone = new LinkedHashSet<>();
        conversations.forEach(c -> everyone.addAll(c.members()));
        conversations.stream().map(c -> c.invitationOf(user.value())).filter(Objects::nonNull)
                .forEach(invitation -> everyone.add(invitation.invitedBy()));
        conversations.forEach(c -> everyone.addAll(GroupReads.invitedSeenBy(c, user.value())));
        Map<String, String> names = displayNames(everyone);
        List<ConversationSummary> summaries = new ArrayList<>();
        for (ConversationDocument conversation : conversations) {
            MemberDocument member = own.get(conversation.id());
            ConversationDocument.Invitation invitation = conversation.invitationOf(user.value());
            if (member != null && !conversation.isDeclinedBy(user.value())) {
                summaries.add(summary(conversation, member, names));
            } else if (member == null && invitation != null) {
                summaries.add(invitation(conversation, invitation, names));
            }
        }
        summaries.sort(Comparator.comparing(ConversationSummary::lastActivityAt,
                Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(ConversationSummary::conversationId));
        return summaries;
    }

    /** The display names of these users, by id: of everyone who ever had an account, whatever they are a member of. */
    public Map<String, String> displayNames(Collection<String> users) {
        Map<String, String> names = new HashMap<>();
        if (!users.isEmpty()) {
            for (UserDocument doc : mongo.find(Query.query(Criteria.where("_id").in(users)), UserDocument.class,
                    ReadModels.USERS)) {
                if (doc.displayName() != null) {
                    names.put(doc.id(), doc.displayName());
                }
            }
        }
        return names;
    }

    private static ConversationSummary summary(ConversationDocument conversation, MemberDocument member,
                                               Map<String, String> names) {
        List<Member> members = conversation.members().stream()
                .map(user -> new Member(user, names.get(user), conversation.admins().contains(user)))
                .toList();
        long lastSeq = conversation.lastSeq();
        ConversationDocument.LastMessage last = conversation.lastMessage();
        MessagePreview preview = last == null ? null : new MessagePreview(last.senderId(), last.text(),
                last.mediaType(), last.seq(), last.sentAt());
        return new ConversationSummary(conversation.id(), conversation.kind(), conversation.title(), members, preview,
                lastSeq, member.read(), member.delivered(), member.unread(lastSeq), conversation.lastActivityAt(),
                member.mentionedUnread(), GroupReads.settings(conversation, member.userId(), names),
                conversation.isRequestTo(member.userId()));
    }

    /** A group invitation, as a request: the group's title and members, who invited the user and when. */
    private static ConversationSummary invitation(ConversationDocument conversation,
                                                  ConversationDocument.Invitation invitation, Map<String, String> names) {
        List<Member> members = conversation.members().stream()
                .map(user -> new Member(user, names.get(user), conversation.admins().contains(user)))
                .toList();
        return new ConversationSummary(conversation.id(), conversation.kind(), conversation.title(), members, null,
                0, 0, 0, 0, invitation.at(), false, null, true,
                new Member(invitation.invitedBy(), names.get(invitation.invitedBy()),
                        conversation.admins().contains(invitation.invitedBy())));
    }
}
