package io.parley.gateway.frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing a device's frame: anything the protocol does not allow is an {@code invalid-frame} rejection, nothing coerced. */
class ClientFrameTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"send\"", "42", "null", "{}", "{\"type\":7}", "{\"type\":null}", "{\"type\":{\"x\":1}}"})
    void aFrameIsAnObjectWithAStringType(String frame) {
        assertInvalid(() -> ClientFrame.of(json(frame)), "A frame is a JSON object with a string 'type'");
    }

    @Test
    void readsTypeAndIdAndLeavesTheBodyOutOfItsText() {
        ClientFrame frame = frame("{\"type\":\"send\",\"id\":\"f1\",\"conversationId\":\"c\",\"text\":\"secret words\"}");

        assertThat(frame.type()).isEqualTo("send");
        assertThat(frame.id()).isEqualTo("f1");
        assertThat(frame.toString()).doesNotContain("secret");
        assertThat(frame("{\"type\":\"ping\",\"id\":null}").id()).isNull();
        assertThat(frame("{\"type\":\"ping\"}").id()).isNull();
    }

    @Test
    void anUnknownTypeParsesButHasNoFrameType() {
        ClientFrame frame = frame("{\"type\":\"sned\",\"id\":\"f1\"}");

        assertInvalid(() -> ClientFrameType.of(frame.type()), "Unknown frame type 'sned'");
    }

    @Test
    void aTextFieldMustBeANonEmptyString() {
        assertThat(frame("{\"type\":\"send\",\"text\":\"hi\"}").text("text")).isEqualTo("hi");
        assertInvalid(() -> frame("{\"type\":\"send\"}").text("conversationId"), "'conversationId' must be a non-empty string");
        assertInvalid(() -> frame("{\"type\":\"send\",\"text\":\"  \"}").text("text"), "'text' must be a non-empty string");
        assertInvalid(() -> frame("{\"type\":\"send\",\"text\":42}").text("text"), "'text' must be a non-empty string");
        assertInvalid(() -> frame("{\"type\":\"send\",\"text\":null}").text("text"), "'text' must be a non-empty string");
    }

    @Test
    void anOptionalTextMayBeAbsentOrNullButNotAnotherType() {
        assertThat(frame("{\"type\":\"send\"}").optionalText("mediaId")).isNull();
        assertThat(frame("{\"type\":\"send\",\"mediaId\":null}").optionalText("mediaId")).isNull();
        assertThat(frame("{\"type\":\"send\",\"mediaId\":\"m\"}").optionalText("mediaId")).isEqualTo("m");
        assertInvalid(() -> frame("{\"type\":\"send\",\"mediaId\":[\"m\"]}").optionalText("mediaId"), "'mediaId' must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"5\"", "true", "null", "18446744073709551616"})
    void aNumberIsAJsonIntegerThatFitsNothingCoerced(String upToSeq) {
        ClientFrame frame = frame("{\"type\":\"read\",\"upToSeq\":" + upToSeq + "}");

        assertInvalid(() -> frame.number("upToSeq"), "'upToSeq' must be a whole number");
    }

    @Test
    void aMissingNumberIsInvalidAndAWholeOneIsRead() {
        assertInvalid(() -> frame("{\"type\":\"read\"}").number("upToSeq"), "'upToSeq' must be a whole number");
        assertThat(frame("{\"type\":\"read\",\"upToSeq\":12}").number("upToSeq")).isEqualTo(12);
    }

    @Test
    void positionsMapConversationsToSeqsInTheOrderSent() {
        assertThat(frame("{\"type\":\"resume\",\"positions\":{\"b\":3,\"a\":0}}").positions("positions"))
                .containsExactly(Map.entry("b", 3L), Map.entry("a", 0L));
        assertThat(frame("{\"type\":\"resume\"}").positions("positions")).isEmpty();
        assertThat(frame("{\"type\":\"resume\",\"positions\":null}").positions("positions")).isEmpty();
    }

    @Test
    void positionsOfAnotherShapeAreInvalid() {
        assertInvalid(() -> frame("{\"type\":\"resume\",\"positions\":[1]}").positions("positions"),
                "'positions' must map conversation ids to the last seq seen");
        assertInvalid(() -> frame("{\"type\":\"resume\",\"positions\":{\"c\":-1}}").positions("positions"),
                "'positions.c' must be a seq (0 or more)");
        assertInvalid(() -> frame("{\"type\":\"resume\",\"positions\":{\"c\":\"3\"}}").positions("positions"),
                "'positions.c' must be a seq (0 or more)");
        assertInvalid(() -> frame("{\"type\":\"resume\",\"positions\":{\"c\":2.5}}").positions("positions"),
                "'positions.c' must be a seq (0 or more)");
    }

    private static void assertInvalid(ThrowingCallable parsing, String detail) {
        assertThatThrownBy(parsing)
                .isInstanceOfSatisfying(RejectedException.class,
                        rejected -> assertThat(rejected.rejection()).isEqualTo(Rejection.INVALID_FRAME))
                .hasMessage(detail);
    }

    private static ClientFrame frame(String json) {
        return ClientFrame.of(json(json));
    }

    private static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
