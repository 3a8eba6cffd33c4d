package io.parley.standalone;

import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.parley.standalone.QueryAccessTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin role ({@code parley.jwt.admins}) is what backup and the projections' progress and replay need; the analyst
 * role ({@code parley.jwt.analysts}) keeps the event export and analytics. The test configuration grants
 * {@code analyst_only} the analyst role alone and {@code query_admin} the admin role alone.
 */
class AdminRoleTest extends StandaloneTest {

    @Test
    void anAnalystWhoIsNoAdminMayNeitherBackUpNorTouchTheProjections() {
        Session analyst = loginOrRegister("analyst_only");
        assertThat(client.get("/api/v1/admin/events?from=2026-01-01&to=2026-01-01", analyst.accessToken()).status())
                .as("still an analyst").isEqualTo(200);

        assertProblem(client.post("/api/v1/admin/backup", analyst.accessToken(), null), 403, "not-a-parley-admin");
        assertProblem(client.get("/api/v1/admin/projections", analyst.accessToken()), 403, "not-a-parley-admin");
        assertProblem(client.post("/api/v1/admin/projections/conversations/replay", analyst.accessToken(), null), 403,
                "not-a-parley-admin");
    }

    @Test
    void anAdminBacksUpAndSeesTheProjectionsButIsNoAnalyst() {
        Session admin = loginOrRegister("query_admin");

        Response backup = client.post("/api/v1/admin/backup", admin.accessToken(), null);
        assertThat(backup.status()).as(backup.toString()).isEqualTo(201);
        assertThat(Path.of(backup.text("directory")).resolve("eventstore/events.db")).isRegularFile();
        Response projections = client.get("/api/v1/admin/projections", admin.accessToken());
        assertThat(projections.status()).as(projections.toString()).isEqualTo(200);

        assertProblem(client.get("/api/v1/admin/events", admin.accessToken()), 403, "not-an-analyst");
        assertProblem(client.get("/api/v1/analytics/delivery", admin.accessToken()), 403, "not-an-analyst");
    }

    /** The accounts are named in the configuration, so every test of the shared application uses the same ones. */
    private Session loginOrRegister(String username) {
        try {
            return client.login(username, "laptop");
        } catch (IllegalStateException notRegisteredYet) {
            client.register(username);
            return client.login(username, "laptop");
        }
    }
}
