package io.parley.query;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.platform.testing.ServiceUnderTest;
import io.parley.query.web.Admins;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side as its own service, started the way its main does, with the distributed settings of its
 * configuration file and the documented environment variables: read models in the MongoDB at PARLEY_MONGODB_URI
 * (here an in-memory mongo-java-server), projection tokens in the shared JDBC token store (here H2 in PostgreSQL
 * mode, with the service's own schema script), events from Axon Server — unreachable here, so the service comes up
 * and reports itself unhealthy, and answers what needs Axon Server with 503 "try again", not a 500.
 */
class QuerySideApplicationTest {

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());

    @RegisterExtension
    static final ServiceUnderTest service = new ServiceUnderTest();

    @BeforeAll
    static void startWithAxonServerUnreachable() {
        service.withTokenStoreInH2("query-tokens").start(QuerySideApplication.application(),
                "--PARLEY_MONGODB_URI=" + mongo.bindAndGetConnectionString() + "/parley");
    }

    @AfterAll
    static void stop() {
        service.stop();
        mongo.shutdownNow();
    }

    @Test
    void startsOnAxonServerMongoAndASharedTokenStoreAndReportsUnhealthyWhileAxonServerIsUnreachable() throws Exception {
        service.assertRunsOnAxonServerAs("parley-query-side");
        service.assertKeepsTokensInTheSharedJdbcStore();
        MongoTemplate readModels = service.context().getBean(MongoTemplate.class);
        assertThat(readModels.getDb().getName()).isEqualTo("parley");
        assertThat(readModels.executeCommand("{ping: 1}").get("ok")).isEqualTo(1.0);
        EventProcessingConfiguration processing = service.context().getBean(EventProcessingConfiguration.class);
        assertThat(processing.eventProcessor("conversations", TrackingEventProcessor.class)).isPresent();
        assertThat(processing.eventProcessor("analytics", TrackingEventProcessor.class)).isPresent();

        HttpResponse<String> health = service.healthWhileAxonServerIsDown();
        assertThat(health.statusCode()).isEqualTo(503);
        // (no "mongo" UP here: mongo-java-server lacks the "hello" command Boot's Mongo health check sends)
        assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"").contains("\"db\":{\"status\":\"UP\"");
    }

    /** The projections' status names the event store's head: a query that needs Axon Server. */
    @Test
    void aQueryThatNeedsAxonServerWhileItIsUnreachableIsA503ToRetryNotABug() throws Exception {
        service.assertUnavailableToRetry(HttpRequest.newBuilder(service.uri("/api/v1/admin/projections")), Admins.ROLE);
    }

    @Test
    void exposesItsMetricsAndNoOtherActuatorEndpoint() throws Exception {
        service.assertExposesMetricsAndNoOtherActuatorEndpoint(
                "parley_readmodel_write_seconds_count{processor=\"conversations\"",
                "parley_readmodel_write_seconds_count{processor=\"analytics\"");
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
        service.assertOpenApiDocumentNames("/api/v1/sync", "/api/v1/auth/login");
    }

    @Test
    void guardsItsApiWithParleysOneSecurityChain() throws Exception {
        service.assertOnlyParleysSecurityChainGuards("/api/v1/conversations", "/api/v1/sync");
    }
}
