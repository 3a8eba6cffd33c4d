package io.parley.standalone;

import io.jsonwebtoken.Jwts;
import io.parley.platform.auth.PemKeys;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationTest extends StandaloneTest {

    private static final String CONVERSATIONS = "/api/v1/conversations/direct";

    @Test
    void registeringGivesAUserIdAndTheSameUsernameTwiceIsAConflict() {
        String name = uniqueName("ann");
        Response first = client.post("/api/v1/auth/register", null, Map.of("username", name, "password", "long enough", "displayName", "Ann"));
        Response again = client.post("/api/v1/auth/register", null, Map.of("username", name.toUpperCase(), "password", "another one", "displayName", "Ann 2"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.text("userId")).isNotBlank();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.problemType()).isEqualTo("urn:parley:problem:username-taken");
    }

    @Test
    void concurrentRegistrationsOfOneUsernameLetExactlyOneThrough() throws Exception {
        String name = uniqueName("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> client.post("/api/v1/auth/register", null,
                        Map.of("username", name, "password", "long enough", "displayName", "x")).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badRegistrationsAreRejectedWithProblems() {
        assertThat(client.post("/api/v1/auth/register", null, Map.of("username", "a", "password", "long enough")).status()).isEqualTo(400);
        assertThat(client.post("/api/v1/auth/register", null, Map.of("username", "has space", "password", "long enough")).status()).isEqualTo(400);
        assertThat(client.post("/api/v1/auth/register", null, Map.of("username", uniqueName("pw"), "password", "short")).status()).isEqualTo(400);
        assertThat(client.post("/api/v1/auth/register", null, Map.of("username", uniqueName("pw"), "password", "x".repeat(73))).status()).isEqualTo(400);
        assertThat(client.post("/api/v1/auth/register", null, Map.of("password", "long enough")).status()).isEqualTo(400);
        Response malformed = client.postRaw("/api/v1/auth/register", null, "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    @Test
    void loginGivesAnAccessTokenThatOpensTheApi() {
        String name = uniqueName("lee");
        client.register(name);
        Session session = client.login(name, "laptop");

        assertThat(session.accessToken()).isNotBlank();
        assertThat(session.refreshToken()).isNotBlank();
        assertThat(client.post(CONVERSATIONS, session.accessToken(), Map.of("peerUserId", session.userId())).status())
                .as("authenticated, so the request reaches validation").isEqualTo(400);
    }

    @Test
    void wrongPasswordUnknownUserAndBadDeviceIdAreRefused() {
        String name = uniqueName("kim");
        client.register(name);

        Response wrongPassword = client.post("/api/v1/auth/login", null, Map.of("username", name, "password", "not the one", "deviceId", "d"));
        Response unknownUser = client.post("/api/v1/auth/login", null, Map.of("username", uniqueName("nobody"), "password", "correct horse", "deviceId", "d"));
        Response noDevice = client.post("/api/v1/auth/login", null, Map.of("username", name, "password", "correct horse"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.problemType()).isEqualTo("urn:parley:problem:invalid-credentials");
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.problemType()).isEqualTo("urn:parley:problem:invalid-credentials");
        assertThat(noDevice.status()).isEqualTo(400);
    }

    @Test
    void refreshRotatesTheTokenAndReuseOfAnOldOneRevokesTheDevice() {
        String name = uniqueName("rae");
        client.register(name);
        Session session = client.login(name, "tablet");

        Response rotated = refresh(session.refreshToken(), "tablet");
        assertThat(rotated.status()).isEqualTo(200);
        String newRefreshToken = rotated.text("refreshToken");
        assertThat(newRefreshToken).isNotEqualTo(session.refreshToken());
        assertThat(rotated.text("accessToken")).isNotBlank();

        assertThat(refresh(session.refreshToken(), "tablet").status()).as("old token reused").isEqualTo(401);
        assertThat(refresh(newRefreshToken, "tablet").status()).as("the whole device session is revoked").isEqualTo(401);
    }

    @Test
    void aRefreshTokenIsBoundToItsDevice() {
        String name = uniqueName("dev");
        client.register(name);
        Session session = client.login(name, "phone");

        assertThat(refresh(session.refreshToken(), "other-device").status()).isEqualTo(401);
        assertThat(refresh(session.refreshToken(), "phone").status()).isEqualTo(200);
        assertThat(refresh("garbage", "phone").status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheDevicesRefreshToken() {
        String name = uniqueName("out");
        client.register(name);
        Session session = client.login(name, "phone");

        assertThat(client.post("/api/v1/auth/logout", session.accessToken(), null).status()).isEqualTo(204);
        assertThat(refresh(session.refreshToken(), "phone").status()).isEqualTo(401);
    }

    @Test
    void missingExpiredTamperedUnsignedAndForeignTokensGet401() throws Exception {
        String name = uniqueName("tok");
        client.register(name);
        Session session = client.login(name, "phone");
        PrivateKey ourKey = PemKeys.readPrivateKey(DATA_DIR.resolve("keys/access-token-private.pem"));

        String expired = token(ourKey, session.userId(), Instant.now().minusSeconds(60));
        String tampered = tamper(session.accessToken());
        String unsigned = unsigned(session.userId());
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String foreign = token(generator.generateKeyPair().getPrivate(), session.userId(), Instant.now().plusSeconds(600));

        for (String token : new String[]{null, "", "not-a-jwt", expired, tampered, unsigned, foreign}) {
            Response response = client.post(CONVERSATIONS, token, Map.of("peerUserId", session.userId()));
            assertThat(response.status()).as("token %s", token).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        String valid = token(ourKey, session.userId(), Instant.now().plusSeconds(600));
        assertThat(client.post(CONVERSATIONS, valid, Map.of("peerUserId", session.userId())).status())
                .as("the same token, correctly signed and in date, passes").isEqualTo(400);
    }

    private Response refresh(String refreshToken, String deviceId) {
        return client.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken, "deviceId", deviceId));
    }

    private static String token(PrivateKey key, String userId, Instant expiresAt) {
        return Jwts.builder().issuer("parley").subject(userId).claim("dev", "phone")
                .issuedAt(Date.from(expiresAt.minusSeconds(900))).expiration(Date.from(expiresAt))
                .signWith(key, Jwts.SIG.ES256).compact();
    }

    private static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"dev\":\"phone\"", "\"dev\":\"evil!\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static String unsigned(String userId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"parley\",\"sub\":\"" + userId + "\",\"dev\":\"phone\",\"exp\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
