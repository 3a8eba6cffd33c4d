package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import io.parley.standalone.RawHttp.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The edges of the REST API: the security chain against path tricks, strict JSON bodies, token responses never cached. */
class ApiEdgesTest extends StandaloneTest {

    /** Spellings of one path that a router may still take for it: encoded, with parameters, dot segments, case. */
    private static final Map<String, UnaryOperator<String>> VARIANTS = variants();

    private RawHttp raw;

    @BeforeEach
    void raw() {
        raw = new RawHttp(port);
    }

    @Test
    void noSpellingOfAProtectedPathGetsPastTheTokenFilterWithoutAToken() {
        String bobName = uniqueName("bob");
        Session bob = client.registerAndLogin(bobName);
        // one endpoint of every module that has an API: query side, command side, media
        List<String[]> endpoints = List.of(
                new String[]{"GET", "/api/v1/users/" + bobName, null},
                new String[]{"GET", "/api/v1/conversations", null},
                new String[]{"GET", "/api/v1/admin/projections", null},
                new String[]{"POST", "/api/v1/conversations/direct", "{\"peerUserId\":\"" + bob.userId() + "\"}"},
                new String[]{"POST", "/api/v1/media/upload-session",
                        "{\"fileName\":\"a.png\",\"fileType\":\"image/png\",\"fileSize\":10,\"mediaType\":\"image\"}"});

        List<String> passed = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            for (Map.Entry<String, UnaryOperator<String>> variant : VARIANTS.entrySet()) {
                String target = variant.getValue().apply(endpoint[1]);
                Reply reply = raw.send(endpoint[0], target, null, endpoint[2]);
                if (reply.status() < 400 || !reply.header("Content-Type").startsWith("application/problem+json")) {
                    passed.add(variant.getKey() + " " + endpoint[0] + " " + target + " → " + reply.status());
                }
            }
        }
        assertThat(passed).as("requests without a token that were not refused with a problem").isEmpty();
    }

    @Test
    void encodedSpellingsOfTheApiAreAuthenticatedLikeThePlainOneAndParameterizedOnesRefused() {
        String bobName = uniqueName("bob");
        Session bob = client.registerAndLogin(bobName);

        for (String target : List.of("/%61pi/v1/users/" + bobName, "/%61%70%69/v1/users/" + bobName,
                "/API/v1/users/" + bobName)) {
            Reply anonymous = raw.get(target, null);
            assertThat(anonymous.status()).as(target).isEqualTo(401);
            assertThat(anonymous.json().path("type").asText()).isEqualTo("urn:parley:problem:unauthenticated");
        }
        for (String target : List.of("/%61pi/v1/users/" + bobName, "/%61%70%69/v1/users/" + bobName)) {
            assertThat(raw.get(target, bob.accessToken()).status()).as(target + " with a token").isEqualTo(200);
        }
        // path parameters are refused by the security chain's firewall before anything reads the path
        for (String target : List.of("/api;x=1/v1/users/" + bobName, "/api/v1;x=1/users/" + bobName)) {
            for (String token : new String[]{null, bob.accessToken()}) {
                Reply refused = raw.get(target, token);
                assertThat(refused.status()).as(target).isEqualTo(400);
                assertThat(refused.json().path("type").asText()).isEqualTo("urn:parley:problem:invalid-request");
            }
        }
    }

    @Test
    void thePublicAuthPathsAreNoWayAroundTheTokenFilter() {
        String bobName = uniqueName("bob");
        Session bob = client.registerAndLogin(bobName);

        for (String target : List.of("/api/v1/auth/login/../../users/" + bobName,
                "/api/v1/auth/login;x/../../users/" + bobName,
                "/api/v1/auth/register/..;/..;/users/" + bobName,
                "/api/v1/auth/refresh/%2e%2e/%2e%2e/users/" + bobName,
                "/api/v1/auth/login;x/..",
                "/api/v1/auth/login/./../../conversations",
                "/api/v1/auth/login%2f..%2f..%2fusers%2f" + bobName,
                "/api/v1/auth/login/%252e%252e/%252e%252e/users/" + bobName)) {
            Reply reply = raw.get(target, null);
            assertThat(reply.status()).as(target).isIn(400, 401, 404);
            assertThat(reply.header("Content-Type")).as(target).startsWith("application/problem+json");
        }
    }

    @Test
    void noSpellingOfTheSocketPathOpensASocketWithoutAToken() {
        String upgrade = " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: parley.v1\r\n\r\n";
        for (String target : List.of("/ws", "/w%73", "/ws;x=1", "/x/../ws", "//ws")) {
            Reply reply = raw.exchange("GET " + target + upgrade);
            assertThat(reply.status()).as(target).isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void jsonOfTheWrongTypeIsRefusedNotCoerced() {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        String read = "/api/v1/conversations/" + conversation + "/read";
        String send = "/api/v1/conversations/" + conversation + "/messages";
        String upload = "/api/v1/media/upload-session";

        // command side: the auth endpoints, watermarks, sends
        assertInvalid(client.postRaw("/api/v1/auth/register", null,
                "{\"username\":123456,\"password\":\"correct horse\",\"displayName\":\"x\"}"), "username");
        assertInvalid(client.postRaw("/api/v1/auth/login", null,
                "{\"username\":\"someone\",\"password\":\"correct horse\",\"deviceId\":7}"), "deviceId");
        assertInvalid(client.postRaw(read, alice.accessToken(), "{\"upToSeq\":1.5}"), "upToSeq");
        assertInvalid(client.postRaw(read, alice.accessToken(), "{\"upToSeq\":\"5\"}"), "upToSeq");
        assertInvalid(client.postRaw(read, alice.accessToken(), "{\"upToSeq\":true}"), "upToSeq");
        assertInvalid(client.postRaw(send, alice.accessToken(), "{\"clientMessageId\":\"c-1\",\"text\":42}"), "text");
        assertInvalid(client.postRaw(send, alice.accessToken(), "{\"clientMessageId\":\"c-1\",\"text\":\"hi\"} {}"), null);
        // media
        assertInvalid(client.postRaw(upload, alice.accessToken(),
                "{\"fileName\":\"a.png\",\"fileType\":\"image/png\",\"fileSize\":\"69\",\"mediaType\":\"image\"}"), "fileSize");
        assertInvalid(client.postRaw(upload, alice.accessToken(),
                "{\"fileName\":\"a.png\",\"fileType\":\"image/png\",\"fileSize\":69.5,\"mediaType\":\"image\"}"), "fileSize");
        assertInvalid(client.postRaw(upload, alice.accessToken(),
                "{\"fileName\":12,\"fileType\":\"image/png\",\"fileSize\":69,\"mediaType\":\"image\"}"), "fileName");

        // the right types still pass
        assertThat(client.postRaw(send, alice.accessToken(), "{\"clientMessageId\":\"c-1\",\"text\":\"hi\"}").status()).isEqualTo(201);
        assertThat(client.postRaw(read, bob.accessToken(), "{\"upToSeq\":1}").status()).isEqualTo(204);
    }

    @Test
    void socketFramesOfTheWrongJsonTypeAreRefusedToo() throws Exception {
        Session alice = client.registerAndLogin(uniqueName("alice"));
        Session bob = client.registerAndLogin(uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");

        try (SocketClient socket = SocketClient.connect(port, alice.accessToken())) {
            for (String frame : List.of(
                    "{\"type\":\"read\",\"id\":\"r1\",\"conversationId\":\"" + conversation + "\",\"upToSeq\":1.5}",
                    "{\"type\":\"read\",\"id\":\"r2\",\"conversationId\":\"" + conversation + "\",\"upToSeq\":\"5\"}",
                    "{\"type\":\"send\",\"id\":\"s1\",\"conversationId\":\"" + conversation
                            + "\",\"clientMessageId\":\"c-1\",\"text\":42}",
                    "{\"type\":\"resume\",\"id\":\"p1\",\"positions\":{\"" + conversation + "\":0.5}}")) {
                socket.sendRaw(frame);
                JsonNode error = socket.await("error");
                assertThat(error.path("problemType").asText()).as(frame).isEqualTo("urn:parley:problem:invalid-frame");
            }
        }
    }

    @Test
    void responsesThatCarryTokensAreNeverStored() {
        String name = uniqueName("carol");
        Reply registered = raw.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"" + name + "\",\"password\":\"correct horse\",\"displayName\":\"Carol\"}");
        Reply login = raw.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"" + name + "\",\"password\":\"correct horse\",\"deviceId\":\"laptop\"}");
        Reply refreshed = raw.send("POST", "/api/v1/auth/refresh", null,
                "{\"refreshToken\":\"" + login.json().path("refreshToken").asText() + "\",\"deviceId\":\"laptop\"}");
        Reply refused = raw.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"" + name + "\",\"password\":\"wrong horse\",\"deviceId\":\"laptop\"}");

        assertThat(List.of(registered.status(), login.status(), refreshed.status(), refused.status()))
                .containsExactly(201, 200, 200, 401);
        for (Reply reply : List.of(registered, login, refreshed, refused)) {
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            assertThat(reply.header("Pragma")).isEqualTo("no-cache");
        }
        assertThat(raw.get("/api/v1/conversations", refreshed.json().path("accessToken").asText()).header("Cache-Control"))
                .isEqualTo("no-store");
    }

    private static void assertInvalid(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("urn:parley:problem:invalid-request");
        if (field != null) {
            assertThat(response.text("detail")).startsWith(field + " must be");
        }
    }

    private static Map<String, UnaryOperator<String>> variants() {
        Map<String, UnaryOperator<String>> variants = new LinkedHashMap<>();
        variants.put("plain", path -> path);
        variants.put("encoded letter", path -> "/%61" + path.substring(2));
        variants.put("encoded prefix", path -> "/%61%70%69" + path.substring(4));
        variants.put("encoded later segment", path -> path.replace("/v1/", "/%761/"));
        variants.put("matrix parameter", path -> "/api;x=1" + path.substring(4));
        variants.put("empty parameter", path -> "/api;" + path.substring(4));
        variants.put("parameter on a later segment", path -> path.replace("/v1/", "/v1;jsessionid=x/"));
        variants.put("dot segment", path -> "/api/./" + path.substring(5));
        variants.put("dot-dot from outside", path -> "/static/.." + path);
        variants.put("encoded dot-dot", path -> "/static/%2e%2e" + path);
        variants.put("dot-dot with parameter", path -> "/static/..;x=1" + path);
        variants.put("double slash", path -> "/" + path);
        variants.put("upper case", path -> "/API" + path.substring(4));
        variants.put("mixed case", path -> "/Api" + path.substring(4));
        variants.put("double-encoded", path -> "/%2561pi" + path.substring(4));
        variants.put("encoded slash", path -> "/api%2F" + path.substring(5));
        variants.put("backslash", path -> "/api%5C" + path.substring(5));
        variants.put("trailing slash", path -> path + "/");
        variants.put("trailing dot", path -> path + "/.");
        return variants;
    }
}
