package io.parley.standalone;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A history page names its senders, also one who has left the conversation since (issue 20 #3). */
class HistorySenderNamesTest extends StandaloneTest {

    @Test
    void aPageNamesItsSendersAlsoOnesWhoLeft() throws Exception {
        String carolName = uniqueName("carol");
        ParleyClient.Session alice = client.registerAndLogin(uniqueName("alice"));
        ParleyClient.Session carol = client.registerAndLogin(carolName);
        String group = client.post("/api/v1/conversations/groups", alice.accessToken(),
                Map.of("title", "Picnic", "memberIds", List.of(carol.userId()))).text("conversationId");
        assertThat(client.post("/api/v1/conversations/" + group + "/messages", carol.accessToken(),
                Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "I bring the cake")).status()).isEqualTo(201);
        assertThat(client.delete("/api/v1/conversations/" + group + "/members/" + carol.userId(), carol.accessToken())
                .status()).isEqualTo(204);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ParleyClient.Response page;
        do {
            Thread.sleep(50);
            page = client.get("/api/v1/conversations/" + group + "/messages?limit=30", alice.accessToken());
            assertThat(System.nanoTime()).as("the history never showed carol's message: %s", page).isLessThan(deadline);
        } while (page.status() != 200 || page.body().path("messages").isEmpty());

        assertThat(page.body().path("messages").get(0).path("senderId").asText()).isEqualTo(carol.userId());
        assertThat(page.body().path("senders").path(carol.userId()).asText(null))
                .as("carol's name, after she left").isEqualTo(carolName);
    }
}
