package io.parley.api.query;

import java.time.Instant;
import java.util.List;

/**
 * {@code conversations} is the current state, only when asked without a cursor, a page at a time (continue with
 * {@code nextCursor} while {@code hasMore}); {@code changes} are the deltas after the cursor, in order. Continue with
 * {@code nextCursor}; {@code hasMore} says whether to at once.
 */
public record SyncPage(List<ConversationSummary> conversations, List<Change> changes, String nextCursor,
                       boolean hasMore) {

    /**
     * One change. {@code type} is one of {@code conversation.joined} (with {@code conversation}),
     * {@code members.added} ({@code userIds}), {@code member.removed} ({@code userId}), {@code admin.appointed}
     * ({@code userId}), {@code message} ({@code message}), {@code delivered} and {@code read} ({@code userId} and
     * {@code seq}, the member's new watermark); {@code reaction} ({@code userId}, {@code seq}), {@code edited},
     * {@code deleted} (for everyone) and {@code hidden} (deleted for this user only), each with {@code seq} and the
     * {@code message} as it is now; {@code group.renamed}, {@code group.described}, {@code admin.promoted},
     * {@code admin.demoted} ({@code userId}), {@code sendPolicy.changed}, {@code inviteLink.created} and
     * {@code inviteLink.revoked}, each with the {@code conversation} as it is now.
     */
    public record Change(String type, String conversationId, Instant at, ConversationSummary conversation,
                         MessageView message, String userId, List<String> userIds, Long seq) {
    }
}
