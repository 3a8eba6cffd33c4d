package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.parley.standalone.QueryAccessTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The conversation list and the sync state come a page at a time, however many conversations a user is in. */
class PagingTest extends StandaloneTest {

    private static final int CONVERSATIONS = 5;

    private Session alice;
    private final List<String> conversations = new ArrayList<>();

    @BeforeEach
    void aliceInFiveConversations() {
        alice = client.registerAndLogin(uniqueName("alice"));
        for (int i = 0; i < CONVERSATIONS; i++) {
            Session peer = client.registerAndLogin(uniqueName("peer" + i));
            String id = client.post("/api/v1/conversations/direct", alice.accessToken(), Map.of("peerUserId", peer.userId()))
                    .text("conversationId");
            conversations.add(id);
            client.post("/api/v1/conversations/" + id + "/messages", peer.accessToken(),
                    Map.of("clientMessageId", "c-" + i, "text", "hello " + i));
        }
        QueryFlowTest.await(() -> client.get("/api/v1/conversations?limit=500", alice.accessToken()),
                r -> r.body().path("conversations").size() == CONVERSATIONS
                        && stream(r.body().path("conversations")).allMatch(c -> c.path("lastSeq").asLong() == 1));
    }

    @Test
    void theConversationListIsPagedMostRecentFirst() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = client.get("/api/v1/conversations?limit=2" + cursorParam(cursor), alice.accessToken());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.body().path("conversations").size()).isLessThanOrEqualTo(2);
            page.body().path("conversations").forEach(c -> seen.add(c.path("conversationId").asText()));
            cursor = page.text("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(conversations);
        assertThat(seen).as("most recent activity first: the last one messaged is first")
                .first().isEqualTo(conversations.get(CONVERSATIONS - 1));
        assertThat(client.get("/api/v1/conversations", alice.accessToken()).body().path("nextCursor").isNull()).isTrue();
        assertProblem(client.get("/api/v1/conversations?limit=0", alice.accessToken()), 400, "invalid-request");
        assertProblem(client.get("/api/v1/conversations?limit=501", alice.accessToken()), 400, "invalid-request");
        assertProblem(client.get("/api/v1/conversations?cursor=nonsense!", alice.accessToken()), 400, "cursor-invalid");
    }

    @Test
    void theSyncStateIsPagedThenTheChangesFollow() {
        Set<String> seen = new LinkedHashSet<>();
        Response page = client.get("/api/v1/sync?limit=2", alice.accessToken());
        int pages = 1;
        while (true) {
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.body().path("conversations").size()).isLessThanOrEqualTo(2);
            page.body().path("conversations").forEach(c -> assertThat(seen.add(c.path("conversationId").asText())).isTrue());
            if (!page.body().path("hasMore").asBoolean() || pages == 10) {
                break;
            }
            page = client.get("/api/v1/sync?limit=2" + cursorParam(page.text("nextCursor")), alice.accessToken());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(conversations);

        String fromHere = page.text("nextCursor");
        client.post("/api/v1/conversations/" + conversations.get(0) + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "later", "text", "after the state"));
        Response changes = QueryFlowTest.await(() -> client.get("/api/v1/sync" + cursorParam(fromHere).replace('&', '?'),
                alice.accessToken()), r -> r.body().path("changes").size() > 0);
        assertThat(changes.body().path("conversations").size()).isZero();
        assertThat(stream(changes.body().path("changes")).anyMatch(c -> c.path("type").asText().equals("message")
                && c.path("message").path("text").asText().equals("after the state"))).isTrue();
    }

    private static String cursorParam(String cursor) {
        return cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }
}
