package io.parley.command.conversation;

import io.parley.api.conversation.Quote;
import io.parley.api.media.MediaId;
import io.parley.api.query.MessageView;

import java.util.Optional;

/**
 * What the read model says about the message a reply, an edit or a deletion names, asked before the conversation is
 * loaded ({@link LookupBeforeLoading}) and carried to the handler in the command's metadata: the aggregate decides
 * with these facts and its own state, and asks no one while it holds its lock.
 *
 * @param quote the message as the read model has it ({@link Quote#unresolved} when it does not have it yet)
 * @param mediaId the media the message carries, or null when it carries none or that is unknown
 */
record MessageLookup(long seq, Quote quote, MediaId mediaId) {

    /** The metadata key of the lookup on a {@code SendMessage} with a reply, {@code EditMessage} or {@code DeleteMessage}. */
    static final String KEY = "parley.messageLookup";

    static MessageLookup of(long seq, Optional<MessageView> stored) {
        return stored.map(message -> new MessageLookup(seq, quoteOf(message),
                        message.media() == null ? null : message.media().mediaId()))
                .orElseGet(() -> new MessageLookup(seq, Quote.unresolved(seq), null));
    }

    private static Quote quoteOf(MessageView message) {
        if (message.deleted()) {
            return Quote.deleted(message.seq(), message.senderId());
        }
        return Quote.of(message.seq(), message.senderId(), message.text(),
                message.media() == null ? null : message.media().mediaType());
    }
}
