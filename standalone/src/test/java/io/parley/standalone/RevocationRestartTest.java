package io.parley.standalone;

import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node learns revocations from the event stream only, so a restarted node must read back an access-token lifetime
 * of it: a token revoked before the restart stays refused after it, while the other device's token works.
 */
class RevocationRestartTest {

    @Test
    void aTokenRevokedBeforeARestartIsStillRefusedAfterIt(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Path log = Files.createDirectories(Path.of("target")).resolve("revocation-restart-test-parley.log");
        Session phone;
        Session laptop;
        try (StandaloneProcess parley = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(parley.port);
            client.register("alice");
            phone = client.login("alice", "phone");
            laptop = client.login("alice", "laptop");
            assertThat(client.post("/api/v1/auth/logout", phone.accessToken(), null).status()).isEqualTo(204);
        }

        try (StandaloneProcess restarted = StandaloneProcess.start(dataDir, log)) {
            ParleyClient client = new ParleyClient(restarted.port);
            assertThat(client.get("/api/v1/conversations", laptop.accessToken()).status()).isEqualTo(200);
            // the node's revocation processor may still be reading the last minutes back: a few seconds at most
            long deadline = System.nanoTime() + 5_000_000_000L;
            int status = client.get("/api/v1/conversations", phone.accessToken()).status();
            while (status != 401 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = client.get("/api/v1/conversations", phone.accessToken()).status();
            }
            assertThat(status).isEqualTo(401);
        }
    }
}
