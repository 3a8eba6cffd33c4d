package io.parley.command.conversation;

import io.parley.api.conversation.ConversationId;
import io.parley.api.query.MessageView;

/**
 * What a {@code ForwardMessage} copies, looked up before the target conversation is loaded
 * ({@link LookupBeforeLoading}) and carried to its handler in the command's metadata: the message as the read model
 * has it, for a sender who is a member of its conversation, and what the media module says of its media.
 *
 * @param message the message to forward, or null when the read model has none at that seq the sender may see
 * @param media whether the message's media may be forwarded, or null when it carries none (or was deleted)
 */
record ForwardLookup(ConversationId fromConversationId, long fromSeq, MessageView message, MediaLookup media) {

    /** The metadata key of the lookup on a {@code ForwardMessage} command. */
    static final String KEY = "parley.forwardLookup";
}
