package io.parley.api.conversation;

import io.parley.api.account.UserId;

import java.util.List;

/** The members, and the seq of the last message stored: what a catch-up must reach before it may go live. */
public record ConversationMembers(ConversationId conversationId, List<UserId> members, long lastSeq) {
}
