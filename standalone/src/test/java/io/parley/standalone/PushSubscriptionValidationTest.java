package io.parley.standalone;

import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribing and push settings with the settings as shipped (no local endpoints): what a client may not register,
 * answered 400 problem+json, and the VAPID key pair kept private in the data directory.
 */
class PushSubscriptionValidationTest extends StandaloneTest {

    /** A real P-256 point (RFC 8291's example user agent key) and a 16-byte secret. */
    private static final String P256DH = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";

    @Test
    void endpointsThatAreNotPublicHttpsUrlsAreRefused() {
        // a second account past ten: subscribing is rate limited per account
        Session[] users = {client.registerAndLogin(uniqueName("pusher")), client.registerAndLogin(uniqueName("pusher"))};
        int tried = 0;
        for (String endpoint : new String[]{"", "not a url", "/relative/path", "ftp://push.example.com/x",
                "http://push.example.com/x", "https://user:pw@push.example.com/x",
                "https://127.0.0.1/x", "https://localhost:8443/x", "https://10.1.2.3/x", "https://192.168.0.10/x",
                "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://[fd00::1]/x",
                "https://0.0.0.0/x", "https://100.64.0.1/x", "https://[::ffff:127.0.0.1]/x", "https://[64:ff9b::a00:1]/x",
                "https://[fe80::1]/x", "https://224.0.0.1/x"}) {
            Session user = users[tried++ / 10];
            assertInvalid(client.post("/api/v1/push/subscriptions", user.accessToken(),
                    Map.of("endpoint", endpoint, "keys", Map.of("p256dh", P256DH, "auth", AUTH))), endpoint);
        }
    }

    @Test
    void keysThatAreNotAP256PointAndA16ByteSecretAreRefused() {
        Session user = client.registerAndLogin(uniqueName("pusher"));
        byte[] offCurve = Base64.getUrlDecoder().decode(P256DH);
        offCurve[64] ^= 1;
        String[][] badKeys = {
                {Base64.getUrlEncoder().withoutPadding().encodeToString(offCurve), AUTH},
                {P256DH.substring(0, 40), AUTH},
                {"***", AUTH},
                {P256DH, "c2hvcnQ"},
                {P256DH, ""},
        };
        for (String[] keys : badKeys) {
            assertInvalid(client.post("/api/v1/push/subscriptions", user.accessToken(),
                    Map.of("endpoint", "https://127.0.0.1/x", "keys", Map.of("p256dh", keys[0], "auth", keys[1]))),
                    String.join(" ", keys));
        }
        assertInvalid(client.post("/api/v1/push/subscriptions", user.accessToken(), Map.of("endpoint", "https://x.example")),
                "no keys");
    }

    @Test
    void subscribingIsRateLimitedPerAccount() {
        Session user = client.registerAndLogin(uniqueName("pusher"));
        for (int i = 1; i <= 10; i++) {
            assertThat(client.post("/api/v1/push/subscriptions", user.accessToken(), Map.of()).status()).isEqualTo(400);
        }
        Response limited = client.post("/api/v1/push/subscriptions", user.accessToken(), Map.of());
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.problemType()).isEqualTo("urn:parley:problem:too-many-requests");
    }

    @Test
    void pushEndpointsNeedAnAccessToken() {
        assertThat(client.post("/api/v1/push/subscriptions", null, Map.of()).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/push/vapid-public-key", null).status()).isEqualTo(401);
    }

    @Test
    void unsubscribingIsIdempotent() {
        Session user = client.registerAndLogin(uniqueName("pusher"));
        assertThat(client.delete("/api/v1/push/subscriptions", user.accessToken()).status()).isEqualTo(204);
        assertThat(client.delete("/api/v1/push/subscriptions", user.accessToken()).status()).isEqualTo(204);
    }

    @Test
    void muteNeedsMembershipAndATimeInTheFuture() {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        Session eve = client.registerAndLogin(uniqueName("eve"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");

        Response notMember = client.put("/api/v1/push/mutes/" + conversation, eve.accessToken(),
                Map.of("until", Instant.now().plusSeconds(60).toString()));
        assertThat(notMember.status()).isEqualTo(403);
        assertThat(notMember.problemType()).isEqualTo("urn:parley:problem:not-a-member");
        assertInvalid(client.put("/api/v1/push/mutes/" + conversation, alice.accessToken(),
                Map.of("until", Instant.now().minusSeconds(1).toString())), "past");
        assertInvalid(client.put("/api/v1/push/mutes/" + conversation, alice.accessToken(), Map.of()), "no until");
        assertInvalid(client.put("/api/v1/push/settings", alice.accessToken(), Map.of()), "no previews");
    }

    @Test
    void theVapidKeyPairIsGeneratedOnceIntoTheDataDirectoryReadableByItsOwnerOnly() throws Exception {
        Session user = client.registerAndLogin(uniqueName("pusher"));
        String publicKey = client.get("/api/v1/push/vapid-public-key", user.accessToken()).text("publicKey");
        assertThat(Base64.getUrlDecoder().decode(publicKey)).hasSize(65).startsWith(4);

        Path privateKey = DATA_DIR.resolve("keys/vapid-private.pem");
        assertThat(Files.readString(privateKey)).contains("PRIVATE KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
    }

    private static void assertInvalid(Response response, String what) {
        assertThat(response.status()).as(what).isEqualTo(400);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.problemType()).as(what).isEqualTo("urn:parley:problem:invalid-request");
    }
}
