package io.parley.standalone;

import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When a user was last seen is for the people they talk with (and themselves), as their presence is. */
class LastSeenPrivacyTest extends StandaloneTest {

    @Test
    void onlyThoseWhoShareAConversationSeeLastSeen() throws Exception {
        String aliceName = uniqueName("alice");
        Session alice = client.registerAndLogin(aliceName);
        Session bob = client.registerAndLogin(uniqueName("bob"));
        Session eve = client.registerAndLogin(uniqueName("eve"));
        client.directChat(alice, bob);
        try (SocketClient phone = SocketClient.connect(port, alice.accessToken())) {
            phone.send(Map.of("type", "resume", "id", "go", "positions", Map.of()));
            phone.await(frame -> frame.path("id").asText().equals("go"), Duration.ofSeconds(10));
        }

        Response asBob = QueryFlowTest.await(() -> client.get("/api/v1/users/" + aliceName, bob.accessToken()),
                r -> r.status() == 200 && !r.body().path("lastSeen").isMissingNode() && !r.body().path("lastSeen").isNull());
        assertThat(asBob.text("lastSeen")).isNotBlank();
        assertThat(client.get("/api/v1/users/" + aliceName, alice.accessToken()).text("lastSeen")).isNotBlank();

        Response asEve = client.get("/api/v1/users/" + aliceName, eve.accessToken());
        assertThat(asEve.status()).isEqualTo(200);
        assertThat(asEve.text("userId")).isEqualTo(alice.userId());
        assertThat(asEve.text("displayName")).isEqualTo(aliceName);
        assertThat(asEve.text("lastSeen")).as("a stranger does not learn when alice was online").isNull();
    }
}
