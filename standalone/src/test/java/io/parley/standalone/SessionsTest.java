package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions that end: a revoked device's access tokens stop working on every service within seconds and its sockets
 * are closed, while the account's other devices go on; the devices list; the caps on devices and sockets.
 */
class SessionsTest extends StandaloneTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final int SESSION_REVOKED = 4401;
    private static final int TOO_MANY_SOCKETS = 4429;

    @Test
    void afterLogoutTheDevicesAccessTokenIsRefusedEverywhereAndItsSocketClosedWhileOtherDevicesGoOn() throws Exception {
        String name = uniqueName("bye");
        client.register(name);
        Session phone = client.login(name, "phone");
        Session laptop = client.login(name, "laptop");
        try (SocketClient phoneSocket = open(phone); SocketClient laptopSocket = open(laptop)) {
            assertThat(queryStatus(phone)).isEqualTo(200);

            assertThat(client.post("/api/v1/auth/logout", phone.accessToken(), null).status()).isEqualTo(204);

            assertThat(phoneSocket.awaitClose(WITHIN)).isEqualTo(SESSION_REVOKED);
            assertRefusedEverywhere(phone);
            assertStillWorks(laptop, laptopSocket);
        }
    }

    @Test
    void reuseOfARefreshTokenRevokesTheDevicesAccessTokensOldAndNewAndClosesItsSocket() throws Exception {
        String name = uniqueName("thief");
        client.register(name);
        Session tablet = client.login(name, "tablet");
        Session phone = client.login(name, "phone");
        Response rotated = refresh(tablet.refreshToken(), "tablet");
        assertThat(rotated.status()).isEqualTo(200);
        Session rotatedTablet = new Session(tablet.userId(), rotated.text("accessToken"), rotated.text("refreshToken"));
        try (SocketClient tabletSocket = open(rotatedTablet); SocketClient phoneSocket = open(phone)) {

            assertThat(refresh(tablet.refreshToken(), "tablet").status()).as("reuse").isEqualTo(401);

            assertThat(tabletSocket.awaitClose(WITHIN)).isEqualTo(SESSION_REVOKED);
            assertRefusedEverywhere(rotatedTablet);
            assertRefusedEverywhere(tablet);
            assertStillWorks(phone, phoneSocket);
        }
    }

    @Test
    void theSameDeviceLogsInAgainAfterLogoutAndItsNewTokensWork() throws Exception {
        String name = uniqueName("again");
        client.register(name);
        Session first = client.login(name, "phone");
        assertThat(client.post("/api/v1/auth/logout", first.accessToken(), null).status()).isEqualTo(204);
        eventually(() -> queryStatus(first), 401);

        Session second = client.login(name, "phone");

        assertThat(queryStatus(second)).isEqualTo(200);
        try (SocketClient socket = open(second)) {
            assertStillWorks(second, socket);
        }
        assertThat(queryStatus(first)).as("the first login's token stays revoked").isEqualTo(401);
    }

    @Test
    void aUserListsTheirDevicesAndLogsOneOut() throws Exception {
        String name = uniqueName("devs");
        client.register(name);
        Session phone = client.login(name, "phone");
        Session laptop = client.login(name, "laptop");
        try (SocketClient laptopSocket = open(laptop); SocketClient phoneSocket = open(phone)) {
            Response devices = client.get("/api/v1/auth/devices", phone.accessToken());
            assertThat(devices.status()).isEqualTo(200);
            assertThat(devices.body()).hasSize(2);
            assertThat(device(devices.body(), "phone").path("current").asBoolean()).isTrue();
            assertThat(device(devices.body(), "laptop").path("current").asBoolean()).isFalse();
            assertThat(device(devices.body(), "laptop").path("lastUsedAt").asText()).isNotBlank();
            assertThat(devices.body().get(0).path("deviceId").asText()).as("most recently used first").isEqualTo("laptop");

            assertThat(client.delete("/api/v1/auth/devices/laptop", phone.accessToken()).status()).isEqualTo(204);

            assertThat(laptopSocket.awaitClose(WITHIN)).isEqualTo(SESSION_REVOKED);
            assertRefusedEverywhere(laptop);
            assertStillWorks(phone, phoneSocket);
            JsonNode after = client.get("/api/v1/auth/devices", phone.accessToken()).body();
            assertThat(after).hasSize(1);
            assertThat(after.get(0).path("deviceId").asText()).isEqualTo("phone");
        }
    }

    @Test
    void removingADeviceThatIsNotLoggedInIsA404AndABadDeviceIdA400() {
        Session phone = client.registerAndLogin(uniqueName("nodev"));

        Response unknown = client.delete("/api/v1/auth/devices/tablet", phone.accessToken());
        Response bad = client.delete("/api/v1/auth/devices/" + "x".repeat(65), phone.accessToken());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.problemType()).isEqualTo("urn:parley:problem:device-not-found");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(client.get("/api/v1/auth/devices", null).status()).isEqualTo(401);
    }

    @Test
    void aNewDeviceBeyondTwentyIsRefusedButKnownDevicesLogInAgain() {
        String name = uniqueName("many");
        client.register(name);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sessions.add(client.login(name, "device-" + i));
        }

        Response tooMany = client.post("/api/v1/auth/login", null,
                Map.of("username", name, "password", "correct horse", "deviceId", "device-20"));
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.problemType()).isEqualTo("urn:parley:problem:too-many-devices");

        assertThat(client.login(name, "device-0").accessToken()).as("a known device logs in again").isNotBlank();
        assertThat(client.post("/api/v1/auth/logout", sessions.get(1).accessToken(), null).status()).isEqualTo(204);
        assertThat(client.login(name, "device-20").accessToken()).as("room again after a logout").isNotBlank();
    }

    @Test
    void theEleventhSocketOfAUserIsClosedAtOnce() throws Exception {
        Session session = client.registerAndLogin(uniqueName("sockets"));
        List<SocketClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                sockets.add(open(session));
            }
            SocketClient eleventh = SocketClient.connect(port, session.accessToken());
            sockets.add(eleventh);
            assertThat(eleventh.awaitClose(WITHIN)).isEqualTo(TOO_MANY_SOCKETS);
            assertPong(sockets.get(0));

            sockets.get(0).close();
            eventually(() -> {
                SocketClient another = SocketClient.connect(port, session.accessToken());
                sockets.add(another);
                try {
                    assertPong(another);
                    return "open";
                } catch (Throwable closed) {
                    return "closed";
                }
            }, "open");
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }

    // ---------------------------------------------------------------- helpers

    private SocketClient open(Session session) throws InterruptedException {
        SocketClient socket = SocketClient.connect(port, session.accessToken());
        assertPong(socket);
        return socket;
    }

    private static void assertPong(SocketClient socket) throws InterruptedException {
        String id = "p-" + UUID.randomUUID();
        socket.send(Map.of("type", "ping", "id", id));
        socket.await(frame -> frame.path("type").asText().equals("pong") && frame.path("id").asText().equals(id),
                Duration.ofSeconds(3));
    }

    /** Query side, command side and media each refuse the token, with a 401 problem, and the socket handshake too. */
    private void assertRefusedEverywhere(Session session) throws Exception {
        eventually(() -> queryStatus(session), 401);
        Response query = client.get("/api/v1/conversations", session.accessToken());
        assertThat(query.contentType()).startsWith("application/problem+json");
        assertThat(query.problemType()).isEqualTo("urn:parley:problem:unauthenticated");
        assertThat(commandStatus(session)).as("command side").isEqualTo(401);
        assertThat(mediaStatus(session)).as("media").isEqualTo(401);
        try (SocketClient refused = SocketClient.tryConnect(port, session.accessToken())) {
            assertThat(refused).as("handshake refused").isNull();
        }
    }

    private void assertStillWorks(Session session, SocketClient socket) throws InterruptedException {
        assertThat(queryStatus(session)).isEqualTo(200);
        assertThat(commandStatus(session)).as("reaches validation").isEqualTo(400);
        assertThat(mediaStatus(session)).isNotEqualTo(401);
        assertPong(socket);
    }

    private int queryStatus(Session session) {
        return client.get("/api/v1/conversations", session.accessToken()).status();
    }

    private int commandStatus(Session session) {
        return client.post("/api/v1/conversations/direct", session.accessToken(), Map.of("peerUserId", session.userId())).status();
    }

    private int mediaStatus(Session session) {
        return client.get("/api/v1/media/" + UUID.randomUUID(), session.accessToken()).status();
    }

    private Response refresh(String refreshToken, String deviceId) {
        return client.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken, "deviceId", deviceId));
    }

    private static JsonNode device(JsonNode devices, String deviceId) {
        for (JsonNode device : devices) {
            if (device.path("deviceId").asText().equals(deviceId)) {
                return device;
            }
        }
        throw new AssertionError("no device " + deviceId + " in " + devices);
    }

    private static <T> void eventually(Supplier<T> actual, T expected) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        T last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }
}
