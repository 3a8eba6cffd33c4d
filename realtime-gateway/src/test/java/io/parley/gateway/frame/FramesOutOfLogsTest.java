package io.parley.gateway.frame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.conversation.Quote;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames print their type and ids, never a message's text (nor anything else a client wrote). */
class FramesOutOfLogsTest {

    private static final String TEXT = "a secret about pineapples";

    @Test
    void aClientFramePrintsItsTypeAndIdOnly() throws Exception {
        ClientFrame frame = ClientFrame.of(new ObjectMapper().readTree(
                "{\"type\":\"send\",\"id\":\"f-1\",\"text\":\"" + TEXT + "\"}"));

        assertThat(frame.toString()).contains("send", "f-1").doesNotContain(TEXT);
    }

    @Test
    void aMessageFramePrintsItsIdsOnly() {
        ServerFrame.Message message = new ServerFrame.Message("c-1", 3, "m-1", "u-1", TEXT, null, Instant.now(),
                Quote.of(2, "u-2", TEXT, null), null);

        assertThat(message.toString()).contains("c-1", "m-1").doesNotContain(TEXT);
        assertThat(new ServerFrame.Edited("c-1", 3, TEXT, Instant.now(), 1).toString()).contains("c-1")
                .doesNotContain(TEXT);
    }
}
