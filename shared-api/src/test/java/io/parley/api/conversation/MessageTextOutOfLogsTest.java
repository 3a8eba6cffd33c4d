package io.parley.api.conversation;

import io.parley.api.account.UserId;
import io.parley.api.query.ConversationSummary.MessagePreview;
import io.parley.api.query.MessageView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The messages that carry a message's text print without it: Axon's messages print their payloads in its logs. */
class MessageTextOutOfLogsTest {

    private static final String TEXT = "a secret about pineapples";
    private final ConversationId conversation = ConversationId.of(UUID.randomUUID().toString());
    private final UserId sender = UserId.of(UUID.randomUUID().toString());
    private final MessageId message = MessageId.of(UUID.randomUUID().toString());

    @Test
    void theCommandTheEventAndTheViewsPrintTheirIdsButNotTheText() {
        assertThat(new SendMessage(conversation, sender, "c-1", TEXT, null).toString())
                .contains(conversation.toString()).doesNotContain(TEXT);
        assertThat(new MessageSent(conversation, message, 7, sender, "c-1", TEXT, null, Instant.now()).toString())
                .contains(message.toString(), "seq=7").doesNotContain(TEXT);
        assertThat(new MessageView(conversation.value(), message.value(), 7, sender.value(), TEXT, null, Instant.now(),
                null).toString()).contains(message.value()).doesNotContain(TEXT);
        assertThat(new MessagePreview(sender.value(), TEXT, null, 7, Instant.now()).toString()).doesNotContain(TEXT);
    }

    @Test
    void repliesAndEditsPrintTheirIdsButNotTheText() {
        assertThat(new MessageSent(conversation, message, 8, sender, "c-2", TEXT, null, Instant.now(),
                Quote.of(7, sender.value(), TEXT, null)).toString()).contains("seq=8").doesNotContain(TEXT);
        assertThat(new EditMessage(conversation, sender, 7, TEXT).toString()).contains("seq=7").doesNotContain(TEXT);
        assertThat(new MessageEdited(conversation, 7, sender, TEXT, 1, Instant.now()).toString())
                .contains("seq=7").doesNotContain(TEXT);
    }
}
