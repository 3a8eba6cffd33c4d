package io.parley.standalone;

import io.parley.standalone.ParleyClient.Response;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies that break their constraints (Bean Validation on the request records) are answered with the
 * problem types the hand-written checks gave: 400 {@code invalid-request}, and 404 {@code invite-link-invalid} for a
 * join token that cannot be one; the detail names the field and never echoes the input.
 */
class RequestBodyValidationTest extends MessageActionsFlow {

    @Test
    void aDirectChatNeedsAPeer() {
        String direct = "/api/v1/conversations/direct";
        assertInvalid(client.post(direct, alice.accessToken(), Map.of()), "peerUserId is required");
        assertInvalid(client.post(direct, alice.accessToken(), Map.of("peerUserId", "  ")), "peerUserId is required");
    }

    @Test
    void groupsAndNewMembersAreListsOfAtMostAThousandUserIds() {
        String groups = "/api/v1/conversations/groups";
        assertInvalid(client.post(groups, alice.accessToken(), Map.of("title", "No list")),
                "memberIds must list at most 1000 users");
        assertInvalid(client.post(groups, alice.accessToken(), Map.of("title", "Blank", "memberIds", List.of(bob.userId(), " "))),
                "memberIds must not hold a blank user id");
        List<String> thousandAndOne = IntStream.rangeClosed(0, 1000).mapToObj(i -> UUID.randomUUID().toString()).toList();
        assertInvalid(client.post(groups, alice.accessToken(), Map.of("title", "Crowd", "memberIds", thousandAndOne)),
                "memberIds must list at most 1000 users");

        String members = "/api/v1/conversations/" + group + "/members";
        assertInvalid(client.post(members, alice.accessToken(), Map.of()), "userIds must list at most 1000 users");
        assertInvalid(client.post(members, alice.accessToken(), Map.of("userIds", Collections.singletonList(""))),
                "userIds must not hold a blank user id");
        assertThat(client.post(members, alice.accessToken(), Map.of("userIds", List.of(dave.userId()))).status())
                .isEqualTo(204);
    }

    @Test
    void watermarksNeedASeq() {
        send(alice, "hello");
        for (String watermark : new String[]{"/delivered", "/read"}) {
            String path = "/api/v1/conversations/" + group + watermark;
            assertInvalid(client.post(path, bob.accessToken(), Map.of()), "upToSeq is required");
            assertThat(client.post(path, bob.accessToken(), Map.of("upToSeq", 1)).status()).isEqualTo(204);
        }
    }

    @Test
    void theSendPolicyIsTrueOrFalse() {
        String policy = "/api/v1/conversations/" + group + "/send-policy";
        Map<String, Object> noValue = new HashMap<>();
        noValue.put("onlyAdminsSend", null);
        assertInvalid(client.put(policy, alice.accessToken(), noValue), "onlyAdminsSend (true or false) is required");
        assertInvalid(client.put(policy, alice.accessToken(), Map.of()), "onlyAdminsSend (true or false) is required");
    }

    @Test
    void aJoinTokenThatCannotBeOneIsAnInvalidInviteLink() {
        String join = "/api/v1/conversations/" + group + "/join";
        for (String token : new String[]{"", "   ", "t".repeat(129)}) {
            Response refused = client.post(join, dave.accessToken(), Map.of("token", token));
            assertProblem(refused, 404, "invite-link-invalid");
            assertThat(refused.text("detail")).isEqualTo("This invite link was revoked or never existed");
        }
    }

    @Test
    void aForwardNamesWhereTo() {
        long seq = send(alice, "pass it on");
        String forward = message(seq) + "/forward";
        assertInvalid(client.post(forward, bob.accessToken(), Map.of("clientMessageId", "f-1")),
                "'to' names the conversation to forward to");
        assertInvalid(client.post(forward, bob.accessToken(), Map.of("to", "", "clientMessageId", "f-2")),
                "'to' names the conversation to forward to");
    }

    @Test
    void loginAndRefreshNameAWellFormedDevice() {
        String rule = "deviceId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -";
        for (String deviceId : new String[]{"", "my phone", "d".repeat(65), "tab\tlet"}) {
            assertInvalid(client.post("/api/v1/auth/login", null,
                    Map.of("username", aliceName, "password", "correct horse", "deviceId", deviceId)), rule);
            assertInvalid(client.post("/api/v1/auth/refresh", null,
                    Map.of("refreshToken", alice.refreshToken(), "deviceId", deviceId)), rule);
        }
        assertInvalid(client.post("/api/v1/auth/login", null, Map.of("username", aliceName, "password", "correct horse")),
                rule);
        assertInvalid(client.post("/api/v1/auth/refresh", null, Map.of("refreshToken", alice.refreshToken())), rule);
    }

    @Test
    void pushSubscriptionsNeedKeysAndSettingsAPreviewsFlag() {
        assertInvalid(client.post("/api/v1/push/subscriptions", alice.accessToken(), Map.of("endpoint", "https://push.example.com/x")),
                "endpoint and keys {p256dh, auth} are required");
        assertInvalid(client.put("/api/v1/push/settings", alice.accessToken(), Map.of()),
                "previews (true or false) is required");
        assertThat(client.put("/api/v1/push/settings", alice.accessToken(), Map.of("previews", false)).status())
                .isEqualTo(200);
    }

    private static void assertInvalid(Response response, String detail) {
        assertProblem(response, 400, "invalid-request");
        assertThat(response.text("detail")).isEqualTo(detail);
    }
}
