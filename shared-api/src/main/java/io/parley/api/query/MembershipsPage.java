package io.parley.api.query;

import io.parley.api.conversation.ConversationKind;

import java.util.List;

/**
 * A page of {@link ListMemberships}; the next page starts after {@code nextCursor}, which is null on the last page.
 * {@code coveredPosition}: the global position of an event such that the read model had taken it and every event before
 * it when the page was read (-1: none), read before the conversations; the conversations may already reflect later
 * events too.
 */
public record MembershipsPage(long coveredPosition, List<ConversationMembers> conversations, String nextCursor,
                              List<Block> blocks) {

    public MembershipsPage(long coveredPosition, List<ConversationMembers> conversations, String nextCursor) {
        this(coveredPosition, conversations, nextCursor, List.of());
    }

    /**
     * A conversation's kind and title (null: none), who is in it, its last seq, and for a message request not accepted
     * yet the user it is to (null: none).
     */
    public record ConversationMembers(String conversationId, ConversationKind kind, String title, List<String> members,
                                      long lastSeq, String requestTo) {

        public ConversationMembers(String conversationId, ConversationKind kind, String title, List<String> members,
                                   long lastSeq) {
            this(conversationId, kind, title, members, lastSeq, null);
        }
    }

    /** One user blocking another; every one of them comes with the first page. */
    public record Block(String blocker, String blocked) {
    }
}
