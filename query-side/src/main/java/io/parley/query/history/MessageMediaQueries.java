package io.parley.query.history;

import io.parley.api.conversation.FindMessageMedia;
import io.parley.api.media.MediaId;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Which media a message carries, for the command side to name in its deletion (see {@link FindMessageMedia}). */
@Component
class MessageMediaQueries {

    private final MessageViews messages;

    MessageMediaQueries(MessageViews messages) {
        this.messages = messages;
    }

    @QueryHandler
    Optional<MediaId> handle(FindMessageMedia query) {
        return Optional.ofNullable(messages.mediaIdOf(query.conversationId().value(), query.seq())).map(MediaId::of);
    }
}
