package io.parley.query.conversation;

import io.parley.api.conversation.ConversationKind;
import io.parley.api.query.ConversationSummary;
import io.parley.api.query.SystemLine;
import io.parley.query.projection.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads of what {@link GroupProjector} writes: a group's settings, and history's system lines. */
@Component
public class GroupReads {

    private final MongoTemplate mongo;

    GroupReads(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * A group's settings as its conversation document has them, as {@code viewer} sees them (an admin sees the open
     * invitations, with the display names in {@code names}); null for a direct conversation.
     */
    static ConversationSummary.GroupSettings settings(ConversationDocument conversation, String viewer,
                                                      Map<String, String> names) {
        if (conversation.kind() != ConversationKind.GROUP) {
            return null;
        }
        String description = conversation.description();
        List<ConversationSummary.Invitee> invited = conversation.admins().contains(viewer)
                ? conversation.openInvitations().stream().map(invitation -> new ConversationSummary.Invitee(
                        invitation.userId(), names.get(invitation.userId()), invitation.invitedBy(), invitation.at()))
                        .toList()
                : null;
        return new ConversationSummary.GroupSettings(description == null ? "" : description,
                Boolean.TRUE.equals(conversation.onlyAdminsSend()), conversation.inviteLink() != null, invited);
    }

    /** Who {@link #settings} names to {@code viewer} beyond the members: the invited, when the viewer is an admin. */
    static List<String> invitedSeenBy(ConversationDocument conversation, String viewer) {
        return conversation.admins().contains(viewer)
                ? conversation.openInvitations().stream().map(ConversationDocument.Invitation::userId).toList()
                : List.of();
    }

    /** The conversation's system lines after seqs {@code fromSeq}..{@code toSeq}, in the order they happened. */
    public List<SystemLine> lines(String conversationId, long fromSeq, long toSeq) {
        if (toSeq < fromSeq) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (long bucket = fromSeq / SystemLines.BUCKET; bucket <= toSeq / SystemLines.BUCKET; bucket++) {
            ids.add(SystemLines.bucketId(conversationId, bucket * SystemLines.BUCKET));
        }
        List<SystemLine> lines = new ArrayList<>();
        for (SystemLines bucket : mongo.find(Query.query(Criteria.where("_id").in(ids)), SystemLines.class,
                ReadModels.SYSTEM_LINES)) {
            for (SystemLines.Line line : bucket.l().values()) {
                if (line.afterSeq() >= fromSeq && line.afterSeq() <= toSeq) {
                    lines.add(line.view());
                }
            }
        }
        lines.sort(Comparator.comparingLong(SystemLine::position));
        return lines;
    }
}
