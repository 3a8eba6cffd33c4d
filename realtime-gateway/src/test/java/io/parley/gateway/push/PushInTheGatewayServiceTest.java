package io.parley.gateway.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.gateway.GatewayApplication;
import io.parley.platform.auth.PemKeys;
import io.parley.platform.testing.ServiceUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Push in the gateway service as docker-compose.yml runs it: the VAPID key pair made by the `keys` job
 * ({@code deploy/keys/GenerateKeys.java}, run here with the JDK's source launcher as its image runs it), read as
 * {@code PARLEY_PUSH_VAPID_*_FILE}, a MongoDB for the subscriptions and settings ({@code PARLEY_MONGODB_URI}), and the
 * contact ({@code PARLEY_PUSH_CONTACT}), which has no default.
 */
class PushInTheGatewayServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServiceUnderTest service = new ServiceUnderTest();

    @RegisterExtension
    static final ServiceUnderTest withoutContact = new ServiceUnderTest();

    @TempDir
    static Path volumes;

    private static MongoServer mongo;
    private static String mongoUri;

    @BeforeAll
    static void startWithTheKeysJobsVapidKeys() throws Exception {
        runTheKeysJob(volumes);
        mongo = new MongoServer(new MemoryBackend());
        mongoUri = mongo.bindAndGetConnectionString() + "/parley-gateway";
        List<String> arguments = new ArrayList<>(pushSettings());
        arguments.add("--PARLEY_PUSH_CONTACT=mailto:operators@example.org");
        service.start(GatewayApplication.application(), arguments.toArray(String[]::new));
    }

    @AfterAll
    static void stopMongo() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    @Test
    void servesTheVapidPublicKeyTheKeysJobMade() throws Exception {
        Path publicKey = volumes.resolve("vapid/vapid-public.pem");
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(P256.encode((ECPublicKey) PemKeys.readPublicKey(publicKey)));

        JsonNode served = get("/api/v1/push/vapid-public-key");

        assertThat(served.path("publicKey").asText()).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(volumes.resolve("vapid/vapid-private.pem")))
                .as("the private key is its owner's only").isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keepsAUsersPushSettingsInItsMongoDb() throws Exception {
        String user = UUID.randomUUID().toString();
        HttpResponse<String> changed = service.send(HttpRequest.newBuilder(service.uri("/api/v1/push/settings"))
                .header("Authorization", "Bearer " + service.accessToken(user))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"previews\":true}")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        try (MongoClient client = MongoClients.create(mongoUri)) {
            assertThat(client.getDatabase("parley-gateway").listCollectionNames().into(new ArrayList<>()))
                    .contains(PushPreferences.SETTINGS);
        }
        assertThat(JSON.readTree(service.send(HttpRequest.newBuilder(service.uri("/api/v1/push/settings"))
                .header("Authorization", "Bearer " + service.accessToken(user))).body()).path("previews").asBoolean())
                .isTrue();
    }

    @Test
    void doesNotStartWithoutAContactForThePushServices() {
        assertThatThrownBy(() -> withoutContact.start(GatewayApplication.application(),
                pushSettings().toArray(String[]::new)))
                .hasStackTraceContaining("PARLEY_PUSH_CONTACT")
                .hasStackTraceContaining("no default");
    }

    private static List<String> pushSettings() {
        return List.of("--PARLEY_PUSH_ENABLED=true",
                "--PARLEY_PUSH_VAPID_PRIVATE_KEY_FILE=" + volumes.resolve("vapid/vapid-private.pem"),
                "--PARLEY_PUSH_VAPID_PUBLIC_KEY_FILE=" + volumes.resolve("vapid/vapid-public.pem"),
                "--PARLEY_MONGODB_URI=" + mongoUri, "--PARLEY_NODE_ID=gateway-" + UUID.randomUUID());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = service.send(HttpRequest.newBuilder(service.uri(path))
                .header("Authorization", "Bearer " + service.accessToken(UUID.randomUUID().toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** {@code java --class-path <platform> GenerateKeys.java <private> <public> <uid> <vapid>}, as the image's entry point. */
    private static void runTheKeysJob(Path volumes) throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("deploy/keys/GenerateKeys.java");
        assertThat(script).exists();
        Path platform = Path.of(PemKeys.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int uid = (Integer) Files.getAttribute(volumes, "unix:uid");
        Process job = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--class-path", platform.toString(), script.toString(), volumes.resolve("private").toString(),
                volumes.resolve("public").toString(), Integer.toString(uid), volumes.resolve("vapid").toString())
                .redirectErrorStream(true).start();
        String output = new String(job.getInputStream().readAllBytes());
        assertThat(job.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(job.exitValue()).as(output).isZero();
        assertThat(output).contains("VAPID keys made");
    }
}
