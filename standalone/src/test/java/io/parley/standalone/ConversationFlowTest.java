package io.parley.standalone;

import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversation commands, driven over HTTP against the standalone app. */
class ConversationFlowTest extends StandaloneTest {

    private Session alice;
    private Session bob;

    @BeforeEach
    void twoUsers() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
    }

    @Test
    void directConversationIsTheSameWhoeverOpensItAndHowOften() {
        String fromAlice = openDirect(alice, bob);
        String again = openDirect(alice, bob);
        String fromBob = openDirect(bob, alice);

        assertThat(fromAlice).isNotBlank().isEqualTo(again).isEqualTo(fromBob);
    }

    @Test
    void sendRetryDeliverAndRead() {
        String conversation = openDirect(alice, bob);

        Response first = send(alice, conversation, "c-1", "hello bob");
        Response second = send(bob, conversation, "c-2", "hi alice");
        Response retried = send(alice, conversation, "c-1", "hello bob");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().path("seq").asLong()).isEqualTo(1);
        assertThat(first.text("messageId")).isNotBlank();
        assertThat(first.text("sentAt")).isNotBlank();
        assertThat(second.body().path("seq").asLong()).isEqualTo(2);
        assertThat(retried.text("messageId")).isEqualTo(first.text("messageId"));
        assertThat(retried.body().path("seq").asLong()).isEqualTo(1);
        assertThat(send(bob, conversation, "c-3", "next").body().path("seq").asLong())
                .as("the retry stored nothing, so no seq was used").isEqualTo(3);

        assertThat(watermark(bob, conversation, "delivered", 3).status()).isEqualTo(204);
        assertThat(watermark(bob, conversation, "read", 1).status()).isEqualTo(204);
        assertThat(watermark(bob, conversation, "read", 0).status()).as("lower is a no-op").isEqualTo(204);
    }

    /** The window docs/protocol.md states: the sender's last 1,000 in the conversation; other members' do not count. */
    @Test
    void aRetryFindsTheOriginalAmongTheSendersLastThousandInTheConversationAndIsNewBeyond() throws Exception {
        String conversation = openDirect(alice, bob);
        assertThat(send(alice, conversation, "m-1", "the oldest").body().path("seq").asLong()).isEqualTo(1);
        assertThat(send(alice, conversation, "m-2", "the next").body().path("seq").asLong()).isEqualTo(2);
        // the other 999 in any order (16 at a time, which commits them in batches): all after m-2
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = senders.invokeAll(IntStream.rangeClosed(3, 1_001)
                    .mapToObj(i -> (Callable<Integer>) () -> send(alice, conversation, "m-" + i, "message " + i).status())
                    .toList());
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(201);
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(send(bob, conversation, "b-1", "bob's messages do not push alice's out").body().path("seq").asLong())
                .isEqualTo(1_002);

        Response lastInside = send(alice, conversation, "m-2", "again");
        Response firstOutside = send(alice, conversation, "m-1", "again");

        assertThat(lastInside.body().path("seq").asLong()).as("the original, 1,000th most recent").isEqualTo(2);
        assertThat(firstOutside.status()).isEqualTo(201);
        assertThat(firstOutside.body().path("seq").asLong()).as("forgotten: a new message").isEqualTo(1_003);
    }

    @Test
    void outsidersCannotSendOrAcknowledge() {
        String conversation = openDirect(alice, bob);
        send(alice, conversation, "c-1", "private");
        Session eve = client.registerAndLogin(uniqueName("eve"));

        Response sent = send(eve, conversation, "e-1", "let me in");
        assertThat(sent.status()).isEqualTo(403);
        assertThat(sent.problemType()).isEqualTo("urn:parley:problem:not-a-member");
        assertThat(watermark(eve, conversation, "read", 1).status()).isEqualTo(403);
        assertThat(client.post("/api/v1/conversations/" + conversation + "/members", eve.accessToken(),
                Map.of("userIds", List.of(eve.userId()))).status()).isEqualTo(403);
    }

    @Test
    void badMessagesAreRejectedWithProblems() {
        String conversation = openDirect(alice, bob);

        assertProblem(send(alice, conversation, "c-1", ""), 400, "text-invalid");
        assertProblem(send(alice, conversation, "c-2", "   "), 400, "text-invalid");
        assertProblem(send(alice, conversation, "c-3", "x".repeat(4097)), 400, "text-invalid");
        assertThat(send(alice, conversation, "c-4", "x".repeat(4096)).status()).isEqualTo(201);
        assertProblem(client.post(messages(conversation), alice.accessToken(), Map.of("text", "no id")), 400, "invalid-request");
        assertProblem(client.post(messages(conversation), alice.accessToken(),
                Map.of("clientMessageId", "c-5", "mediaId", "m-1")), 400, "media-not-attachable");
        assertProblem(watermark(bob, conversation, "delivered", 2), 400, "seq-out-of-range");
        assertProblem(watermark(bob, conversation, "read", -1), 400, "seq-out-of-range");
        assertProblem(client.post("/api/v1/conversations/" + conversation + "/read", bob.accessToken(), Map.of()), 400, "invalid-request");
        Response malformed = client.postRaw(messages(conversation), alice.accessToken(), "{\"clientMessageId\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    @Test
    void unknownConversationsAndUsersAreNotFound() {
        assertThat(send(alice, "00000000-0000-0000-0000-000000000000", "c-1", "anyone?").status()).isEqualTo(404);
        assertProblem(client.post("/api/v1/conversations/direct", alice.accessToken(), Map.of("peerUserId", "no-such-user")), 404, "user-not-found");
        assertProblem(client.post("/api/v1/conversations/direct", alice.accessToken(), Map.of("peerUserId", alice.userId())), 400, "cannot-talk-to-self");
        assertProblem(client.post("/api/v1/conversations/direct", alice.accessToken(), Map.of()), 400, "invalid-request");
    }

    @Test
    void groupsAreRunByTheirAdmins() {
        Session carol = client.registerAndLogin(uniqueName("carol"));
        Response created = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Weekend", "memberIds", List.of(bob.userId())));
        assertThat(created.status()).isEqualTo(201);
        String group = created.text("conversationId");

        assertProblem(client.post(members(group), bob.accessToken(), Map.of("userIds", List.of(carol.userId()))), 403, "not-an-admin");
        assertThat(client.post(members(group), alice.accessToken(), Map.of("userIds", List.of(carol.userId()))).status()).isEqualTo(204);
        assertThat(send(carol, group, "k-1", "thanks for adding me").status()).isEqualTo(201);

        assertProblem(client.delete(members(group) + "/" + carol.userId(), bob.accessToken()), 403, "not-an-admin");
        assertThat(client.delete(members(group) + "/" + bob.userId(), bob.accessToken()).status()).as("leaving").isEqualTo(204);
        assertThat(send(bob, group, "b-1", "still here?").status()).isEqualTo(403);
        assertThat(client.delete(members(group) + "/" + carol.userId(), alice.accessToken()).status()).isEqualTo(204);
        assertThat(send(carol, group, "k-2", "hello?").status()).isEqualTo(403);
    }

    @Test
    void badGroupsAreRejected() {
        assertProblem(client.post("/api/v1/conversations/groups", alice.accessToken(), Map.of("title", "", "memberIds", List.of())), 400, "invalid-request");
        assertProblem(client.post("/api/v1/conversations/groups", alice.accessToken(), Map.of("title", "ghosts", "memberIds", List.of("nobody"))), 404, "user-not-found");
        String direct = openDirect(alice, bob);
        assertProblem(client.post(members(direct), alice.accessToken(), Map.of("userIds", List.of(alice.userId()))), 400, "not-a-group");
    }

    private String openDirect(Session from, Session to) {
        Response response = client.post("/api/v1/conversations/direct", from.accessToken(), Map.of("peerUserId", to.userId()));
        assertThat(response.status()).isEqualTo(200);
        return response.text("conversationId");
    }

    private Response send(Session from, String conversation, String clientMessageId, String text) {
        return client.post(messages(conversation), from.accessToken(), Map.of("clientMessageId", clientMessageId, "text", text));
    }

    private Response watermark(Session who, String conversation, String kind, long upToSeq) {
        return client.post("/api/v1/conversations/" + conversation + "/" + kind, who.accessToken(), Map.of("upToSeq", upToSeq));
    }

    private static String messages(String conversation) {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    private static String members(String conversation) {
        return "/api/v1/conversations/" + conversation + "/members";
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("urn:parley:problem:" + type);
    }
}
