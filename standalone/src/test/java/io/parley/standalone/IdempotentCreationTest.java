package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** An {@code Idempotency-Key} on creating a group or starting a direct chat, over HTTP: one group per key and user. */
class IdempotentCreationTest extends StandaloneTest {

    private static final String GROUPS = "/api/v1/conversations/groups";

    private Session alice;
    private Session bob;

    @BeforeEach
    void twoUsers() {
        alice = client.registerAndLogin(uniqueName("alice"));
        bob = client.registerAndLogin(uniqueName("bob"));
    }

    @Test
    void theSameRequestTwiceCreatesOneGroupAndAnswersAlikeBothTimes() throws Exception {
        String key = UUID.randomUUID().toString();
        Response first = createGroup(alice, key, "Picnic", bob);
        Response second = createGroup(alice, key, "Picnic", bob);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(first.status());
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(groupsTitled(alice, "Picnic", 1)).isEqualTo(1);
    }

    @Test
    void aDoubleSubmitAtTheSameMomentCreatesOneGroup() throws Exception {
        String key = UUID.randomUUID().toString();
        CompletableFuture<Response> one = CompletableFuture.supplyAsync(() -> createGroup(alice, key, "Hiking", bob));
        CompletableFuture<Response> two = CompletableFuture.supplyAsync(() -> createGroup(alice, key, "Hiking", bob));

        assertThat(List.of(one.get().status(), two.get().status())).containsOnly(201);
        assertThat(two.get().text("conversationId")).isEqualTo(one.get().text("conversationId"));
        assertThat(groupsTitled(alice, "Hiking", 1)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndCreatesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(createGroup(alice, key, "Book club", bob).status()).isEqualTo(201);

        Response other = createGroup(alice, key, "Chess club", bob);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.problemType()).isEqualTo("urn:parley:problem:idempotency-key-reused");
        assertThat(groupsTitled(alice, "Book club", 1)).isEqualTo(1);
        assertThat(groupsTitled(alice, "Chess club", 0)).isZero();
    }

    @Test
    void keysArePerUserAndGroupsWithoutAKeyAreEachNew() throws Exception {
        String key = UUID.randomUUID().toString();
        String ofAlice = createGroup(alice, key, "Choir", bob).text("conversationId");
        String ofBob = createGroup(bob, key, "Choir", alice).text("conversationId");
        assertThat(ofBob).isNotEqualTo(ofAlice);

        Response unkeyed = client.post(GROUPS, alice.accessToken(), Map.of("title", "Band", "memberIds", List.of(bob.userId())));
        Response again = client.post(GROUPS, alice.accessToken(), Map.of("title", "Band", "memberIds", List.of(bob.userId())));
        assertThat(again.text("conversationId")).isNotEqualTo(unkeyed.text("conversationId"));
    }

    @Test
    void aMalformedKeyIsABadRequest() {
        Response tooLong = createGroup(alice, "k".repeat(129), "Too long", bob);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.problemType()).isEqualTo("urn:parley:problem:invalid-request");

        Response direct = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId()), Map.of("Idempotency-Key", "with space"));
        assertThat(direct.status()).isEqualTo(400);
        Response keyed = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId()), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(keyed.status()).as("a direct chat is idempotent by nature; a key is welcome").isEqualTo(200);
    }

    private Response createGroup(Session creator, String key, String title, Session... members) {
        return client.post(GROUPS, creator.accessToken(),
                Map.of("title", title, "memberIds", List.of(members).stream().map(Session::userId).toList()),
                Map.of("Idempotency-Key", key));
    }

    /** How many of the caller's groups have this title, once the read model lists the expected number (a moment later). */
    private long groupsTitled(Session caller, String title, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (countTitled(caller, title) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1000); // a second group, were there one, would be listed by now
        return countTitled(caller, title);
    }

    private long countTitled(Session caller, String title) {
        long count = 0;
        for (JsonNode conversation : client.get("/api/v1/conversations?limit=100", caller.accessToken()).body()
                .path("conversations")) {
            count += title.equals(conversation.path("title").asText()) ? 1 : 0;
        }
        return count;
    }
}
