package io.parley.api.conversation;

import io.parley.api.account.UserId;

/**
 * Asks the read model, in one read, for what the command side needs of the message at {@code seq} before it loads a
 * conversation: what a reply quotes, who sent an edited or deleted message and which media it carried, what a forward
 * copies. With a {@code member}, the message is found only when that user is a member of the conversation (a forward
 * copies only what its sender can see). Answers an {@code Optional<MessageView>} (without reactions): empty while the
 * message is not in the read model, or for a user who is not a member.
 */
public record FindMessage(ConversationId conversationId, long seq, UserId member) {

    public FindMessage(ConversationId conversationId, long seq) {
        this(conversationId, seq, null);
    }
}
