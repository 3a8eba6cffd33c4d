package io.parley.api.consistency;

import io.parley.api.conversation.ConversationId;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsistencyTokenTest {

    @Test
    void readsBackWhatItWrites() {
        ConsistencyToken token = new ConsistencyToken(ConversationId.of("6f1c0b8e-8d4f-3c52-9a57-1f2e3d4c5b6a"), 41);

        String encoded = token.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(ConsistencyToken.decode(encoded)).isEqualTo(token);
    }

    @Test
    void refusesAnythingElseAsAnInvalidToken() {
        List<String> malformed = new ArrayList<>(List.of("", "not a token!", "x".repeat(300), "====",
                plain("nope"), plain("1:conv"), plain("1:conv:abc"), plain("1:conv:-1"), plain("1::5"),
                plain("2:conv:5"), plain("1:con v:5"), plain("1:" + "c".repeat(129) + ":5"),
                plain("1:conv:99999999999999999999")));
        malformed.add(null);
        for (String token : malformed) {
            assertThatThrownBy(() -> ConsistencyToken.decode(token)).as(String.valueOf(token))
                    .isInstanceOfSatisfying(RejectedException.class,
                            rejected -> assertThat(rejected.rejection()).isEqualTo(Rejection.CONSISTENCY_TOKEN_INVALID));
        }
    }

    private static String plain(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
