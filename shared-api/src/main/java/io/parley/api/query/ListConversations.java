package io.parley.api.query;

import io.parley.api.account.UserId;

/** The caller's conversations, most recent activity first. Answers a {@link ConversationList}. */
public record ListConversations(UserId userId) {
}
