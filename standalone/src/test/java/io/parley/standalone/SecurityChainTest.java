package io.parley.standalone;

import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Session;
import io.parley.standalone.RawHttp.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one security chain, class of path by class of path: what needs no token (the web client, health, metrics, the
 * API documents, the token endpoints), what does (the rest of the API, the socket upgrade), how refusals look, and
 * that nothing is kept between requests (no session, no cookie).
 */
class SecurityChainTest extends StandaloneTest {

    private static final String SOCKET_UPGRADE = " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade, close\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private RawHttp raw;

    @BeforeEach
    void raw() {
        raw = new RawHttp(port);
    }

    @Test
    void whatIsPublicNeedsNoToken() {
        for (String path : List.of("/", "/index.html", "/app.js", "/asyncapi.yaml", "/v3/api-docs",
                "/swagger-ui/index.html", "/actuator/health", "/actuator/prometheus")) {
            assertThat(raw.get(path, null).status()).as(path).isEqualTo(200);
        }
        assertThat(raw.get("/no-such-page", null).status()).as("outside the API: not found, not 401").isEqualTo(404);
    }

    @Test
    void theTokenEndpointsAnswerOnTheirOwnTermsWithoutAToken() {
        Reply login = raw.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"nobody-" + uniqueName("x") + "\",\"password\":\"correct horse\",\"deviceId\":\"phone\"}");
        Reply refresh = raw.send("POST", "/api/v1/auth/refresh", null, "{\"refreshToken\":\"garbage\",\"deviceId\":\"phone\"}");
        Reply register = raw.send("POST", "/api/v1/auth/register", null, "{\"username\":12}");

        assertThat(login.json().path("type").asText()).isEqualTo("urn:parley:problem:invalid-credentials");
        assertThat(refresh.json().path("type").asText()).isEqualTo("urn:parley:problem:invalid-refresh-token");
        assertThat(register.json().path("type").asText()).isEqualTo("urn:parley:problem:invalid-request");
    }

    @Test
    void aStaleTokenSentAlongToTheTokenEndpointsIsIgnoredNotRefused() {
        String name = uniqueName("dora");
        client.register(name);
        Reply login = raw.send("POST", "/api/v1/auth/login", "expired.or.garbage",
                "{\"username\":\"" + name + "\",\"password\":\"correct horse\",\"deviceId\":\"phone\"}");

        assertThat(login.status()).as(login.toString()).isEqualTo(200);
    }

    @Test
    void theRestOfTheApiNeedsAValidBearerTokenAndSaysSoAsAProblem() {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        for (String path : List.of("/api/v1/conversations", "/api/v1/auth/devices", "/api/v1/no-such-endpoint",
                "/api", "/API/v1/conversations")) {
            for (String token : new String[]{null, "", "garbage", "a.b.c", alice.accessToken() + "x"}) {
                assertUnauthenticated(raw.get(path, token), path + " with " + token);
            }
        }
        assertThat(raw.get("/api/v1/conversations", alice.accessToken()).status()).isEqualTo(200);
        assertThat(raw.get("/api/v1/no-such-endpoint", alice.accessToken()).status()).isEqualTo(404);
    }

    @Test
    void theApiTakesItsTokenFromTheHeaderOnlyNotFromTheQuery() {
        Session alice = client.registerAndLogin(uniqueName("alice"));

        assertUnauthenticated(raw.get("/api/v1/conversations?access_token=" + alice.accessToken(), null), "query");
    }

    @Test
    void aSocketUpgradeWithoutAValidTokenIsRefusedAsAProblem() throws Exception {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        assertUnauthenticated(raw.exchange("GET /ws" + SOCKET_UPGRADE + "Sec-WebSocket-Protocol: parley.v1\r\n\r\n"),
                "no token");
        assertUnauthenticated(raw.exchange("GET /ws?access_token=garbage" + SOCKET_UPGRADE + "\r\n"), "bad query token");
        assertUnauthenticated(raw.exchange("GET /ws?access_token=" + SOCKET_UPGRADE + "\r\n"), "empty query token");
        assertUnauthenticated(raw.exchange("GET /ws?access_token=%20&access_token=x" + SOCKET_UPGRADE + "\r\n"),
                "blank query token");
        assertUnauthenticated(raw.exchange("GET /ws" + SOCKET_UPGRADE + "Sec-WebSocket-Protocol: parley.v1, a.b.c\r\n\r\n"),
                "bad protocol token");
        assertUnauthenticated(raw.get("/ws", alice.accessToken()), "the header is not how a socket authenticates");

        try (SocketClient byQuery = SocketClient.live(port, alice.accessToken(), Duration.ofSeconds(10))) {
            assertThat(byQuery).isNotNull();
        }
        WebSocket byProtocol = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("parley.v1", alice.accessToken())
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                })
                .get(10, TimeUnit.SECONDS);
        assertThat(byProtocol.getSubprotocol()).isEqualTo("parley.v1");
        byProtocol.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void pathTricksTheFirewallRefusesAreProblemsWithOrWithoutAToken() {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        for (String target : List.of("/api;x=1/v1/conversations", "/api/v1;jsessionid=x/conversations",
                "/static/%2e%2e/api/v1/conversations", "//api/v1/conversations", "/%2561pi/v1/conversations")) {
            for (String token : new String[]{null, alice.accessToken()}) {
                Reply reply = raw.get(target, token);
                assertThat(reply.status()).as(target + " " + reply).isEqualTo(400);
                assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
                assertThat(reply.json().path("type").asText()).isEqualTo("urn:parley:problem:invalid-request");
            }
        }
    }

    @Test
    void nothingIsKeptBetweenRequestsNoSessionNoCookie() {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        List<Reply> replies = List.of(raw.get("/api/v1/conversations", alice.accessToken()),
                raw.get("/api/v1/conversations", null), raw.get("/", null),
                raw.send("POST", "/api/v1/conversations/direct", alice.accessToken(), "{\"peerUserId\":\"nobody\"}"));
        for (Reply reply : replies) {
            assertThat(reply.header("Set-Cookie")).as(reply.toString()).isNull();
        }
        assertThat(replies.get(3).status()).as("a POST needs no CSRF token").isNotIn(401, 403);
        assertThat(raw.get("/api/v1/conversations", null).header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    private static void assertUnauthenticated(Reply reply, String what) {
        assertThat(reply.status()).as(what + ": " + reply).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).as(what).isEqualTo("Bearer");
        assertThat(reply.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).as(what).isEqualTo("urn:parley:problem:unauthenticated");
        assertThat(reply.json().path("detail").asText()).as(what).isEqualTo("A valid access token is required");
    }
}
