package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits, the login slowdown and the rules for names and passwords, through real HTTP against an application of
 * its own with low limits (so also a data directory of its own: see {@link MediaExpiryTest}). Client addresses are
 * faked with {@code X-Forwarded-For}, which the server believes from 127.0.0.1 only (the trusted proxy here): each
 * test counts against addresses no other test uses. One test connects from 127.0.0.2 to show that the header is
 * ignored from anyone else.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",
                "parley.limits.register-per-address=3/1h",
                "parley.limits.login-per-address=12/1h",
                "parley.limits.send-per-account=3/1h",
                "parley.limits.send-per-address=5/1h",
                "parley.limits.create-group-per-account=2/1h",
                "parley.limits.start-direct-per-account=2/1h",
                "parley.limits.add-members-per-account=2/1h",
                "parley.limits.upload-session-per-account=2/1h",
                "parley.limits.login-failures.per-user-and-address=3/9s, 5/1h",
                "parley.limits.login-failures.per-address=8/1h",
                "parley.limits.login-failures.per-username=6/1h"})
class AbuseLimitsTest {

    private static final Path DATA_DIR = StandaloneTest.newDataDir();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse";
    /** Addresses from 198.18.0.0/15 (set aside for benchmarks), a new one for every call. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, Map<String, List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    record User(String name, String userId, String token) {
    }

    @Test
    void registrationsPerAddressAreLimitedAndOtherAddressesAreNot() {
        String address = newAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(register(StandaloneTest.uniqueName("reg"), address).status()).isEqualTo(201);
        }

        assertTooManyRequests(register(StandaloneTest.uniqueName("reg"), address), "registrations from this address");
        assertThat(register(StandaloneTest.uniqueName("reg"), newAddress()).status()).isEqualTo(201);
    }

    @Test
    void anIpv6ClientCountsAsItsSlash64() {
        for (int host = 1; host <= 3; host++) {
            assertThat(register(StandaloneTest.uniqueName("six"), "2001:db8:1:0::" + host).status()).isEqualTo(201);
        }

        assertTooManyRequests(register(StandaloneTest.uniqueName("six"), "2001:db8:1:0:ffff::4"), "this address");
        assertThat(register(StandaloneTest.uniqueName("six"), "2001:db8:1:1::1").status()).isEqualTo(201);
    }

    @Test
    void forwardedForIsBelievedOnlyFromTheTrustedProxy() throws IOException {
        // 127.0.0.2 is not a trusted proxy here: whatever it claims, its requests count against 127.0.0.2
        for (int i = 0; i < 3; i++) {
            assertThat(rawRegister("127.0.0.2", newAddress(), StandaloneTest.uniqueName("raw"))).isEqualTo(201);
        }

        assertThat(rawRegister("127.0.0.2", newAddress(), StandaloneTest.uniqueName("raw"))).isEqualTo(429);
        assertThat(rawRegister("127.0.0.3", newAddress(), StandaloneTest.uniqueName("raw"))).isEqualTo(201);
    }

    @Test
    void loginAttemptsPerAddressAreLimited() {
        String name = StandaloneTest.uniqueName("lia");
        register(name, newAddress());
        String address = newAddress();
        for (int i = 0; i < 12; i++) {
            assertThat(login(name, PASSWORD, address).status()).isEqualTo(200);
        }

        assertTooManyRequests(login(name, PASSWORD, address), "logins from this address");
        assertThat(login(name, PASSWORD, newAddress()).status()).isEqualTo(200);
    }

    @Test
    void sendsAreLimitedPerAccountAndPerAddressSeparately() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String conversation = startDirect(alice, bob.userId(), newAddress()).text("conversationId");
        String shared = newAddress();

        for (int i = 0; i < 3; i++) {
            assertThat(send(alice, conversation, shared).status()).isEqualTo(201);
        }
        assertTooManyRequests(send(alice, conversation, newAddress()), "messages from this account");

        // bob's account has tries left, but the address alice used has two more in all
        assertThat(send(bob, conversation, shared).status()).isEqualTo(201);
        assertThat(send(bob, conversation, shared).status()).isEqualTo(201);
        assertTooManyRequests(send(bob, conversation, shared), "messages from this address");

        // refused by the address, the try was not taken from bob's account: one left, from elsewhere
        assertThat(send(bob, conversation, newAddress()).status()).isEqualTo(201);
        assertTooManyRequests(send(bob, conversation, newAddress()), "messages from this account");
    }

    @Test
    void groupsDirectChatsAndMemberAdditionsAreLimitedPerAccount() {
        User owner = newUser("owner");
        List<User> others = List.of(newUser("u1"), newUser("u2"), newUser("u3"));

        String group = createGroup(owner, others.get(0), newAddress());
        assertThat(group).isNotNull();
        assertThat(createGroup(owner, others.get(0), newAddress())).isNotNull();
        assertTooManyRequests(post("/api/v1/conversations/groups", owner.token(),
                Map.of("title", "third", "memberIds", List.of(others.get(0).userId())), newAddress()), "new groups");

        assertThat(startDirect(owner, others.get(0).userId(), newAddress()).status()).isEqualTo(200);
        assertThat(startDirect(owner, others.get(1).userId(), newAddress()).status()).isEqualTo(200);
        assertTooManyRequests(startDirect(owner, others.get(2).userId(), newAddress()), "new direct conversations");

        assertThat(addMember(owner, group, others.get(1), newAddress()).status()).isEqualTo(204);
        assertThat(addMember(owner, group, others.get(2), newAddress()).status()).isEqualTo(204);
        assertTooManyRequests(addMember(owner, group, others.get(2), newAddress()), "member additions");
    }

    @Test
    void uploadSessionsAreLimitedPerAccount() {
        User user = newUser("uploader");
        Map<String, Object> png = Map.of("fileName", "a.png", "fileType", "image/png", "fileSize", 1000, "mediaType", "image");

        assertThat(post("/api/v1/media/upload-session", user.token(), png, newAddress()).status()).isEqualTo(201);
        assertThat(post("/api/v1/media/upload-session", user.token(), png, newAddress()).status()).isEqualTo(201);
        assertTooManyRequests(post("/api/v1/media/upload-session", user.token(), png, newAddress()), "upload sessions");
    }

    @Test
    void failedLoginsSlowDownTheirUsernameAndAddressWithAGrowingWait() throws InterruptedException {
        String name = StandaloneTest.uniqueName("slow");
        register(name, newAddress());
        String guesser = newAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(login(name, "wrong guess " + i, guesser).status()).isEqualTo(401);
        }

        Answer refused = login(name, PASSWORD, guesser);
        assertTooManyRequests(refused, "failed logins for this username from this address");
        assertThat(Long.parseLong(refused.header("Retry-After"))).as("a first short wait").isLessThanOrEqualTo(3);

        Thread.sleep(3_100);
        assertThat(login(name, "wrong guess 3", guesser).status()).isEqualTo(401);
        Thread.sleep(3_100);
        assertThat(login(name, "wrong guess 4", guesser).status()).isEqualTo(401);
        Answer longer = login(name, PASSWORD, guesser);
        assertTooManyRequests(longer, "failed logins");
        assertThat(Long.parseLong(longer.header("Retry-After"))).as("the wait grows").isGreaterThan(600);

        assertThat(login(name, PASSWORD, newAddress()).status()).as("another address is not slowed").isEqualTo(200);
    }

    @Test
    void anAddressFailingForManyUsernamesIsSlowedDownForAll() {
        String name = StandaloneTest.uniqueName("bystander");
        register(name, newAddress());
        String sprayer = newAddress();
        for (int i = 0; i < 8; i++) {
            assertThat(login(StandaloneTest.uniqueName("nobody"), PASSWORD, sprayer).status()).isEqualTo(401);
        }

        assertTooManyRequests(login(name, PASSWORD, sprayer), "failed logins from this address");
    }

    @Test
    void theOwnerStillLogsInFromTheirOwnAddressWhileTheirUsernameIsHammeredFromOthers() {
        String victim = StandaloneTest.uniqueName("victim");
        register(victim, newAddress());
        String ownAddress = newAddress();
        assertThat(login(victim, PASSWORD, ownAddress).status()).isEqualTo(200);

        // two addresses spend the username's budget of failures (6), three each
        String first = newAddress();
        String second = newAddress();
        for (String attacker : List.of(first, second)) {
            for (int i = 0; i < 3; i++) {
                assertThat(login(victim, "guess " + attacker + i, attacker).status()).isEqualTo(401);
            }
        }
        assertTooManyRequests(login(victim, "guess again", first), "for this username");
        // a fresh address gets one try, then waits like the others
        String third = newAddress();
        assertThat(login(victim, "a fresh guess", third).status()).isEqualTo(401);
        assertTooManyRequests(login(victim, "another guess", third), "failed logins for this username");

        assertThat(login(victim, PASSWORD, ownAddress).status()).as("the owner, from their own address").isEqualTo(200);
        assertThat(login(victim, PASSWORD, newAddress()).status()).as("the owner, from a new address").isEqualTo(200);
    }

    @Test
    void displayNamesWithControlOrBidiCharactersOrNothingVisibleAreRejected() {
        List<String> bad = List.of("Bell\u0007", "Ann\u202Egnp.exe", "\u2066Bob\u2069", "Line\u2028Break",
                "\u200B\u200B", "   ", "\u200B \u200D\u2060", "", "\u3164");
        for (String displayName : bad) {
            Answer answer = post("/api/v1/auth/register", null, Map.of("username", StandaloneTest.uniqueName("dn"),
                    "password", PASSWORD, "displayName", displayName), newAddress());
            assertProblem(answer, 400, "display-name-invalid");
        }

        assertThat(post("/api/v1/auth/register", null, Map.of("username", StandaloneTest.uniqueName("dn"),
                "password", PASSWORD, "displayName", "Zoë 🎉 مرحبا"), newAddress()).status()).isEqualTo(201);
    }

    @Test
    void shortOrCommonPasswordsAreRejected() {
        for (String password : List.of("short", "123456789", "1234567890", "Password123", "QWERTYUIOP")) {
            Answer answer = post("/api/v1/auth/register", null, Map.of("username", StandaloneTest.uniqueName("pw"),
                    "password", password), newAddress());
            assertProblem(answer, 400, "password-too-weak");
        }

        assertThat(post("/api/v1/auth/register", null, Map.of("username", StandaloneTest.uniqueName("pw"),
                "password", "tangerine kettle"), newAddress()).status()).isEqualTo(201);
    }

    private static void assertTooManyRequests(Answer answer, String detail) {
        assertProblem(answer, 429, "too-many-requests");
        assertThat(answer.header("Retry-After")).as("Retry-After of %s", answer).matches("[1-9][0-9]*");
        assertThat(answer.text("detail")).contains(detail);
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:parley:problem:" + type);
    }

    private static String newAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198." + (18 + n / 65_536) + "." + (n / 256 % 256) + "." + (n % 256);
    }

    private User newUser(String prefix) {
        String name = StandaloneTest.uniqueName(prefix);
        Answer registered = register(name, newAddress());
        assertThat(registered.status()).as("register %s: %s", name, registered).isEqualTo(201);
        Answer tokens = login(name, PASSWORD, newAddress());
        assertThat(tokens.status()).as("login %s: %s", name, tokens).isEqualTo(200);
        return new User(name, tokens.text("userId"), tokens.text("accessToken"));
    }

    private Answer register(String name, String address) {
        return post("/api/v1/auth/register", null, Map.of("username", name, "password", PASSWORD), address);
    }

    private Answer login(String name, String password, String address) {
        return post("/api/v1/auth/login", null, Map.of("username", name, "password", password, "deviceId", "phone"),
                address);
    }

    private Answer startDirect(User from, String peerUserId, String address) {
        return post("/api/v1/conversations/direct", from.token(), Map.of("peerUserId", peerUserId), address);
    }

    private Answer send(User from, String conversation, String address) {
        return post("/api/v1/conversations/" + conversation + "/messages", from.token(),
                Map.of("clientMessageId", "c-" + ADDRESSES.getAndIncrement(), "text", "hi"), address);
    }

    private String createGroup(User owner, User member, String address) {
        Answer created = post("/api/v1/conversations/groups", owner.token(),
                Map.of("title", "group", "memberIds", List.of(member.userId())), address);
        assertThat(created.status()).as("create group: %s", created).isEqualTo(201);
        return created.text("conversationId");
    }

    private Answer addMember(User admin, String group, User member, String address) {
        return post("/api/v1/conversations/" + group + "/members", admin.token(),
                Map.of("userIds", List.of(member.userId())), address);
    }

    private Answer post(String path, String token, Object body, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? NullNode.getInstance() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response.headers().map(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A registration over a socket bound to {@code localAddress} (Linux routes all of 127/8 to loopback). */
    private int rawRegister(String localAddress, String forwardedFor, String name) throws IOException {
        byte[] body = toJson(Map.of("username", name, "password", PASSWORD)).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/register HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "X-Forwarded-For: " + forwardedFor + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
