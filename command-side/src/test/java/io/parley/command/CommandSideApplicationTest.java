package io.parley.command;

import io.parley.platform.testing.ServiceUnderTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side as its own service, started the way its main does, with the distributed settings of its
 * configuration file and the documented environment variables: Axon Server is the event store (no database here),
 * and with Axon Server unreachable the service still comes up, reports itself unhealthy, and answers the commands
 * it cannot dispatch with 503 "try again", not a 500.
 */
class CommandSideApplicationTest {

    @RegisterExtension
    static final ServiceUnderTest service = new ServiceUnderTest();

    @BeforeAll
    static void startWithAxonServerUnreachable() {
        service.start(CommandSideApplication.application(),
                "--PARLEY_JWT_PRIVATE_KEY_FILE=" + service.privateKey(), "--parley.jwt.analysts=");
    }

    @Test
    void startsOnAxonServerAndReportsUnhealthyWhileItIsUnreachable() throws Exception {
        service.assertRunsOnAxonServerAs("parley-command-side");
        assertThat(service.context().getBeanNamesForType(DataSource.class)).isEmpty();

        HttpResponse<String> health = service.healthWhileAxonServerIsDown();
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"axonServer\":{\"status\":\"DOWN\"");
    }

    @Test
    void aSendWhileAxonServerIsUnreachableIsA503ToRetryNotABug() throws Exception {
        service.assertUnavailableToRetry(HttpRequest.newBuilder(
                        service.uri("/api/v1/conversations/" + UUID.randomUUID() + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"c-1\",\"text\":\"Hi!\"}")));
    }

    @Test
    void exposesItsMetricsAndNoOtherActuatorEndpoint() throws Exception {
        service.assertExposesMetricsAndNoOtherActuatorEndpoint("parley_sends_seconds_count{channel=\"rest\"");
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
        service.assertOpenApiDocumentNames("/api/v1/auth/login", "/api/v1/sync");
    }

    @Test
    void guardsItsApiWithParleysOneSecurityChain() throws Exception {
        service.assertOnlyParleysSecurityChainGuards("/api/v1/auth/devices", "/api/v1/conversations/direct");
    }
}
