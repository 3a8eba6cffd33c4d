package io.parley.standalone;

import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may ask what of the query side: every endpoint, without a token, as an outsider, for unknown ids, with bad input. */
class QueryAccessTest extends StandaloneTest {

    private static final List<String> EVERY_GET = List.of("/api/v1/conversations", "/api/v1/conversations/%s/messages",
            "/api/v1/conversations/%s/receipts", "/api/v1/sync", "/api/v1/admin/events", "/api/v1/admin/projections",
            "/api/v1/analytics/delivery");

    private Session alice;
    private Session eve;
    private String conversation;

    @BeforeEach
    void aPrivateConversation() {
        alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        eve = client.registerAndLogin(uniqueName("eve"));
        conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        client.post(messages(), alice.accessToken(), Map.of("clientMessageId", "c-1", "text", "private"));
        QueryFlowTest.await(() -> client.get(messages(), alice.accessToken()), r -> r.status() == 200
                && r.body().path("messages").size() == 1);
    }

    @Test
    void everyEndpointNeedsAnAccessToken() {
        for (String path : EVERY_GET) {
            assertProblem(client.get(path.formatted(conversation), null), 401, "unauthenticated");
            assertProblem(client.get(path.formatted(conversation), "not.a.token"), 401, "unauthenticated");
        }
        assertProblem(client.post("/api/v1/admin/projections/conversations/replay", null, null), 401, "unauthenticated");
    }

    @Test
    void onlyMembersReadAConversation() {
        assertProblem(client.get(messages(), eve.accessToken()), 403, "not-a-member");
        assertProblem(client.get("/api/v1/conversations/" + conversation + "/receipts", eve.accessToken()), 403, "not-a-member");
        assertThat(client.get("/api/v1/conversations", eve.accessToken()).body().path("conversations")).isEmpty();
        Response sync = client.get("/api/v1/sync", eve.accessToken());
        assertThat(sync.status()).isEqualTo(200);
        assertThat(sync.body().path("conversations")).isEmpty();
    }

    @Test
    void unknownConversationsAreNotFound() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        assertProblem(client.get("/api/v1/conversations/" + unknown + "/messages", alice.accessToken()), 404, "conversation-not-found");
        assertProblem(client.get("/api/v1/conversations/" + unknown + "/receipts", alice.accessToken()), 404, "conversation-not-found");
    }

    @Test
    void adminAndAnalyticsAreForAnalystsAndAdminsOnly() {
        assertProblem(client.get("/api/v1/admin/events", alice.accessToken()), 403, "not-an-analyst");
        assertProblem(client.get("/api/v1/admin/projections", alice.accessToken()), 403, "not-a-parley-admin");
        assertProblem(client.post("/api/v1/admin/projections/conversations/replay", alice.accessToken(), null), 403, "not-a-parley-admin");
        assertProblem(client.get("/api/v1/analytics/delivery", alice.accessToken()), 403, "not-an-analyst");
    }

    @Test
    void badQueriesAreProblemsNotErrors() {
        assertProblem(client.get(messages() + "?limit=0", alice.accessToken()), 400, "invalid-request");
        assertProblem(client.get(messages() + "?limit=1001", alice.accessToken()), 400, "invalid-request");
        assertProblem(client.get(messages() + "?before=3&after=1", alice.accessToken()), 400, "invalid-request");
        assertProblem(client.get(messages() + "?after=-1", alice.accessToken()), 400, "invalid-request");
        Response notANumber = client.get(messages() + "?before=abc", alice.accessToken());
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.contentType()).startsWith("application/problem+json");
        assertProblem(client.get("/api/v1/sync?cursor=garbage!", alice.accessToken()), 400, "cursor-invalid");
        assertProblem(client.get("/api/v1/sync?cursor=czE6OTk5OTk5", alice.accessToken()), 400, "cursor-invalid");
        assertProblem(client.get("/api/v1/sync?limit=0", alice.accessToken()), 400, "invalid-request");
        Session analyst = Analysts.analyst(client, "laptop");
        assertProblem(client.get("/api/v1/admin/events?from=yesterday", analyst.accessToken()), 400, "invalid-request");
        assertProblem(client.get("/api/v1/analytics/delivery?from=2026-02-30", analyst.accessToken()), 400, "invalid-request");
        assertProblem(client.get("/api/v1/analytics/delivery?from=2026-03-02&to=2026-03-01", analyst.accessToken()), 400, "invalid-request");
        assertProblem(client.get("/api/v1/analytics/delivery?from=2020-01-01&to=2026-03-01", analyst.accessToken()), 400, "invalid-request");
        assertProblem(client.post("/api/v1/admin/projections/nope/replay", analyst.accessToken(), null), 404, "not-found");
    }

    private String messages() {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("urn:parley:problem:" + type);
    }
}
