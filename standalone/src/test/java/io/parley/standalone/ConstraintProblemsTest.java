package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies, query parameters and headers are judged by their Bean Validation constraints: the answer is the
 * problem type the hand-written checks gave, and its {@code errors} member names every broken field, parameter or
 * header once ({@code field}, {@code detail}), never echoing what was sent.
 */
class ConstraintProblemsTest extends MessageActionsFlow {

    @Test
    void aRegistrationWithSeveralBadFieldsNamesThemAllInOneAnswer() {
        Map<String, Object> body = Map.of("username", "No Spaces!", "password", "shorty");
        Response refused = client.post("/api/v1/auth/register", null, body);

        assertProblem(refused, 400, "password-too-weak");
        assertThat(fields(refused)).containsExactly("password", "username");
        assertThat(detailOf(refused, "password")).isEqualTo("password must have at least 10 characters");
        assertThat(detailOf(refused, "username"))
                .isEqualTo("username must be 3 to 32 characters of a-z, 0-9, '_' or '.'");
        assertThat(refused.body().toString()).doesNotContain("No Spaces!").doesNotContain("shorty");
    }

    @Test
    void aRegistrationWithOneBadFieldIsAnsweredAsBefore() {
        String name = uniqueName("erin");
        assertOnly(client.post("/api/v1/auth/register", null, Map.of("username", "x", "password", "long enough pass")),
                "invalid-request", "username");
        assertOnly(client.post("/api/v1/auth/register", null, Map.of("username", name, "password", "é".repeat(40))),
                "invalid-request", "password");
        assertOnly(client.post("/api/v1/auth/register", null, Map.of("username", name, "password", "long enough pass",
                "displayName", "\u202Eevil")), "display-name-invalid", "displayName");
        assertThat(client.post("/api/v1/auth/register", null, Map.of("username", name, "password", "long enough pass"))
                .status()).isEqualTo(201);
    }

    @Test
    void aDeviceIdInThePathFollowsTheDeviceIdRule() {
        Response refused = client.delete("/api/v1/auth/devices/" + "d".repeat(65), alice.accessToken());
        assertOnly(refused, "invalid-request", "deviceId");
        assertThat(refused.text("detail")).isEqualTo("deviceId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }

    @Test
    void aPageLimitOutOfRangeOrNotANumberNamesTheParameter() {
        String[] pages = {messages(), "/api/v1/conversations", "/api/v1/sync"};
        for (String page : pages) {
            for (String limit : new String[]{"0", "abc", "100000"}) {
                Response refused = client.get(page + "?limit=" + limit, alice.accessToken());
                assertOnly(refused, "invalid-request", "limit");
                assertThat(refused.text("detail")).startsWith("limit must be").doesNotContain("abc");
            }
        }
        assertOnly(client.get(messages() + "?before=0", alice.accessToken()), "invalid-request", "before");
        Response both = client.get(messages() + "?after=-1&limit=0", alice.accessToken());
        assertProblem(both, 400, "invalid-request");
        assertThat(fields(both)).containsExactly("after", "limit");
    }

    @Test
    void aMalformedIdempotencyKeyNamesTheHeader() {
        Map<String, Object> group = Map.of("title", "Keyed", "memberIds", List.of(bob.userId()));
        for (String key : new String[]{"k".repeat(300), "with space", "tab\there"}) {
            for (String path : new String[]{"/api/v1/conversations/groups", "/api/v1/conversations/direct"}) {
                Object body = path.endsWith("groups") ? group : Map.of("peerUserId", bob.userId());
                Response refused = client.post(path, alice.accessToken(), body, Map.of("Idempotency-Key", key));
                assertOnly(refused, "invalid-request", "Idempotency-Key");
                assertThat(refused.text("detail")).isEqualTo("Idempotency-Key must be 1 to 128 visible ASCII characters");
            }
        }
    }

    @Test
    void anUploadOverTheConfiguredSizeIsStillTooLarge() {
        Map<String, Object> huge = Map.of("fileName", "a.png", "fileType", "image/png", "fileSize", 17L << 20,
                "mediaType", "image");
        Response refused = client.post("/api/v1/media/upload-session", alice.accessToken(), huge);
        assertOnly(refused, "media-too-large", "fileSize");
        assertThat(refused.text("detail")).isEqualTo("A image may have at most " + (16L << 20) + " bytes");

        Map<String, Object> twoWrongs = new HashMap<>(Map.of("fileName", "a.png", "fileType", "video/mp4",
                "mediaType", "image"));
        Response both = client.post("/api/v1/media/upload-session", alice.accessToken(), twoWrongs);
        assertProblem(both, 400, "invalid-request");
        assertThat(fields(both)).containsExactly("fileSize", "fileType");
    }

    @Test
    void aSendWithSeveralBadFieldsNamesThemAll() {
        Response refused = client.post(messages(), alice.accessToken(), Map.of("text", " "));
        assertProblem(refused, 400, "invalid-request");
        assertThat(fields(refused)).containsExactly("clientMessageId", "text");
        assertThat(detailOf(refused, "text")).isEqualTo("Text must have 1 to 4096 characters");

        assertOnly(client.post(messages(), alice.accessToken(), Map.of("clientMessageId", "c-1", "text", "x".repeat(4097))),
                "text-invalid", "text");
        long seq = send(alice, "to edit");
        assertOnly(client.patch(message(seq), alice.accessToken(), Map.of("text", "")), "text-invalid", "text");
        assertOnly(client.delete(message(seq) + "?for=nobody", alice.accessToken()), "invalid-request", "for");
    }

    @Test
    void aGroupWithoutTitleOrMembersAndAForwardWithoutIdNameWhatIsMissing() {
        Response group = client.post("/api/v1/conversations/groups", alice.accessToken(), Map.of("title", "  "));
        assertProblem(group, 400, "invalid-request");
        assertThat(fields(group)).containsExactly("memberIds", "title");
        assertThat(detailOf(group, "title")).isEqualTo("A group title must have 1 to 100 characters");
        assertOnly(client.put("/api/v1/conversations/" + this.group + "/title", alice.accessToken(),
                Map.of("title", "t".repeat(101))), "invalid-request", "title");

        long seq = send(alice, "pass it on");
        Response forward = client.post(message(seq) + "/forward", bob.accessToken(), Map.of("to", this.group));
        assertOnly(forward, "invalid-request", "clientMessageId");
        assertThat(forward.text("detail")).isEqualTo("clientMessageId must have 1 to 128 characters");
    }

    @Test
    void aPushSubscriptionWithTwoBadKeysNamesBoth() {
        Response refused = client.post("/api/v1/push/subscriptions", alice.accessToken(), Map.of(
                "endpoint", "https://push.example.com/x", "keys", Map.of("p256dh", "***", "auth", "c2hvcnQ")));
        assertProblem(refused, 400, "invalid-request");
        assertThat(fields(refused)).containsExactly("keys.auth", "keys.p256dh");
        assertThat(detailOf(refused, "keys.auth")).isEqualTo("keys.auth must be 16 bytes");
        assertThat(detailOf(refused, "keys.p256dh")).isEqualTo("keys.p256dh must be base64url");
    }

    private static void assertOnly(Response response, String type, String field) {
        assertProblem(response, 400, type);
        assertThat(fields(response)).as(response.toString()).containsExactly(field);
        assertThat(response.text("detail")).isEqualTo(detailOf(response, field));
    }

    private static List<String> fields(Response response) {
        return errors(response).stream().map(error -> error.path("field").asText()).toList();
    }

    private static String detailOf(Response response, String field) {
        return errors(response).stream().filter(error -> error.path("field").asText().equals(field))
                .map(error -> error.path("detail").asText()).findFirst().orElseThrow();
    }

    private static List<JsonNode> errors(Response response) {
        JsonNode errors = response.body().path("errors");
        assertThat(errors.isArray()).as("errors of %s", response).isTrue();
        return StreamSupport.stream(errors.spliterator(), false).toList();
    }
}
