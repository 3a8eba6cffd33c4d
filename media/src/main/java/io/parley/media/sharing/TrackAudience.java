package io.parley.media.sharing;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A conversation's membership changed as of its event {@code throughSequence}. */
record TrackAudience(@TargetAggregateIdentifier String audienceId, ConversationId conversationId,
                     List<UserId> joined, List<UserId> left, long throughSequence) {

    static String idOf(ConversationId conversationId) {
        return "media-audience:" + conversationId.value();
    }
}
