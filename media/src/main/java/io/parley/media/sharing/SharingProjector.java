package io.parley.media.sharing;

import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.media.asset.RecordShare;
import io.parley.media.asset.WithdrawShare;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records on the media where it was sent, which is what lets that conversation's members download it; and which
 * message no longer carries it, once deleted for everyone (the last one gone, the media is deleted).
 */
@Component
@ProcessingGroup(SharingProjector.GROUP)
class SharingProjector {

    static final String GROUP = "media-sharing";
    private static final Logger log = LoggerFactory.getLogger(SharingProjector.class);

    private final CommandGateway commands;

    SharingProjector(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(MessageSent event) {
        if (event.media() != null) {
            try {
                commands.sendAndWait(new RecordShare(event.media().mediaId(), event.conversationId(), event.messageId()));
            } catch (AggregateNotFoundException unknown) {
                // the conversation side only attaches media it found, so this is not ours to retry for ever
                log.warn("Message {} carries unknown media {}", event.messageId(), event.media().mediaId());
            }
        }
    }

    @EventHandler
    void on(MessageDeleted event) {
        if (event.mediaId() != null) {
            try {
                commands.sendAndWait(new WithdrawShare(event.mediaId(), event.conversationId(),
                        MessageId.at(event.conversationId(), event.seq())));
            } catch (AggregateNotFoundException unknown) {
                log.warn("Deleted message {}:{} carried unknown media {}", event.conversationId(), event.seq(),
                        event.mediaId());
            }
        }
    }
}
