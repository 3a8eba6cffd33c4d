package io.parley.gateway.socket;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramePartsTest {

    private final FrameParts parts = new FrameParts(10);

    @Test
    void aFrameInOnePartIsHandedOnAsItIs() throws Exception {
        TextMessage whole = new TextMessage("{}");
        assertThat(parts.add(whole)).isSameAs(whole);
    }

    @Test
    void partsAreJoinedWhenTheLastArrives() throws Exception {
        assertThat(parts.add(new TextMessage("abc", false))).isNull();
        assertThat(parts.add(new TextMessage("def", false))).isNull();
        assertThat(parts.add(new TextMessage("g", true)).getPayload()).isEqualTo("abcdefg");
        assertThat(parts.add(new TextMessage("next", true)).getPayload()).as("nothing left over").isEqualTo("next");
    }

    @Test
    void aFrameOverTheLimitIsRefusedWhetherWholeOrInParts() throws Exception {
        assertThatThrownBy(() -> parts.add(new TextMessage("12345678901", true))).isInstanceOf(FrameParts.TooBig.class);
        assertThat(parts.add(new TextMessage("123456", false))).isNull();
        assertThatThrownBy(() -> parts.add(new TextMessage("12345", true))).isInstanceOf(FrameParts.TooBig.class);
        assertThat(parts.add(new TextMessage("1234567890", true)).getPayload()).as("exactly the limit")
                .isEqualTo("1234567890");
    }
}
