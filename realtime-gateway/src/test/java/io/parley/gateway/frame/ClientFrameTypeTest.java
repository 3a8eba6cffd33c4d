package io.parley.gateway.frame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client frame types: what the socket handler dispatches on, and the fields a handler may read of each. */
class ClientFrameTypeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUnknownTypeIsAnInvalidFrame() {
        assertThat(ClientFrameType.of("send")).isEqualTo(ClientFrameType.SEND);
        assertThatThrownBy(() -> ClientFrameType.of("sned"))
                .isInstanceOfSatisfying(RejectedException.class,
                        rejected -> assertThat(rejected.rejection()).isEqualTo(Rejection.INVALID_FRAME))
                .hasMessage("Unknown frame type 'sned'");
    }

    @Test
    void aHandlerReadingAFieldItsTypeDoesNotDeclareFailsInTests() throws Exception {
        ClientFrame typing = ClientFrame.of(JSON.readTree("{\"type\":\"typing\",\"conversationId\":\"c\",\"state\":\"start\"}"));

        assertThat(typing.text("state")).isEqualTo("start");
        assertThatThrownBy(() -> typing.optionalText("text"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("'text' is not a field of 'typing' frames");
    }
}
