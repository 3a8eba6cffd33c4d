package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A socket lives only as long as its access token, unless the device brings a fresh one in band ({@code auth}).
 * Access tokens live four seconds here; other settings make this an application (and data directory) of its own.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parley.jwt.access-token-ttl=4s", "parley.gateway.expiry-check-every=200ms"})
class SocketTokenExpiryTest {

    private static final int TOKEN_EXPIRED = 4440;
    private static final Path DATA_DIR = StandaloneTest.newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;
    ParleyClient client;

    @BeforeEach
    void connect() {
        client = new ParleyClient(port);
    }

    @Test
    void aSocketIsClosedWhenItsAccessTokenExpires() throws Exception {
        Session session = client.registerAndLogin(StandaloneTest.uniqueName("expiring"));
        try (SocketClient socket = SocketClient.connect(port, session.accessToken())) {
            assertPong(socket);

            assertThat(socket.awaitClose(Duration.ofSeconds(7))).isEqualTo(TOKEN_EXPIRED);
        }
    }

    @Test
    void aSocketThatSentAFreshTokenStaysOpenUntilThatOneExpires() throws Exception {
        String name = StandaloneTest.uniqueName("renewing");
        client.register(name);
        long loggedInAt = System.nanoTime();
        Session session = client.login(name, "phone");
        try (SocketClient socket = SocketClient.connect(port, session.accessToken())) {
            Thread.sleep(2_000);
            Response refreshed = client.post("/api/v1/auth/refresh", null,
                    Map.of("refreshToken", session.refreshToken(), "deviceId", "phone"));
            assertThat(refreshed.status()).isEqualTo(200);

            socket.send(Map.of("type", "auth", "id", "a1", "accessToken", refreshed.text("accessToken")));
            assertThat(socket.await(frame -> frame.path("id").asText().equals("a1"), Duration.ofSeconds(3))
                    .path("type").asText()).isEqualTo("ack");

            sleepUntil(loggedInAt + Duration.ofMillis(4_500).toNanos()); // the first token has expired by now
            assertPong(socket);
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).as("then the fresh one expires").isEqualTo(TOKEN_EXPIRED);
        }
    }

    @Test
    void anAuthFrameWithAnotherDevicesOrAnInvalidTokenIsRefusedAndChangesNothing() throws Exception {
        String name = StandaloneTest.uniqueName("mixup");
        client.register(name);
        Session phone = client.login(name, "phone");
        Session laptop = client.login(name, "laptop");
        Session stranger = client.registerAndLogin(StandaloneTest.uniqueName("stranger"));
        try (SocketClient socket = SocketClient.connect(port, phone.accessToken())) {
            for (String token : new String[]{laptop.accessToken(), stranger.accessToken(), "not.a.token"}) {
                String id = "a-" + UUID.randomUUID();
                socket.send(Map.of("type", "auth", "id", id, "accessToken", token));
                JsonNode answer = socket.await(frame -> frame.path("id").asText().equals(id), Duration.ofSeconds(3));
                assertThat(answer.path("type").asText()).isEqualTo("error");
                assertThat(answer.path("status").asInt()).isEqualTo(401);
                assertThat(answer.path("problemType").asText()).isEqualTo("urn:parley:problem:unauthenticated");
            }
            socket.send(Map.of("type", "auth", "id", "a-missing"));
            assertThat(socket.await(frame -> frame.path("id").asText().equals("a-missing"), Duration.ofSeconds(3))
                    .path("problemType").asText()).isEqualTo("urn:parley:problem:invalid-frame");

            assertThat(socket.awaitClose(Duration.ofSeconds(7))).as("still on its own token").isEqualTo(TOKEN_EXPIRED);
        }
    }

    @Test
    void anExpiredTokenIsRefusedAtTheHandshake() throws Exception {
        Session session = client.registerAndLogin(StandaloneTest.uniqueName("late"));
        Thread.sleep(4_500);

        assertThatThrownBy(() -> SocketClient.connect(port, session.accessToken())).isNotNull();
    }

    @Test
    void theWebClientKeepsItsSocketAcrossTokenRefreshes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (see WebClientE2ETest)");
        try (WebBrowser browser = new WebBrowser("renewer")) {
            browser.open(port);
            browser.register(StandaloneTest.uniqueName("web"), "Web");
            assertThat(browser.js("return window.parley.socketsOpened")).isEqualTo(1L);

            Thread.sleep(10_000); // two and a half token lifetimes: the socket would have been closed twice

            assertThat(browser.js("return window.parley.connected")).isEqualTo(true);
            assertThat(browser.js("return window.parley.socketsOpened")).as("the same socket all along").isEqualTo(1L);
        }
    }

    private static void assertPong(SocketClient socket) throws InterruptedException {
        String id = "p-" + UUID.randomUUID();
        socket.send(Map.of("type", "ping", "id", id));
        socket.await(frame -> frame.path("type").asText().equals("pong") && frame.path("id").asText().equals(id),
                Duration.ofSeconds(3));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left).toMillis() + 1);
        }
    }
}
