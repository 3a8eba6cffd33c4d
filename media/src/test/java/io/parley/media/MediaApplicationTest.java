package io.parley.media;

import io.parley.media.storage.ObjectStorage;
import io.parley.platform.testing.ServiceUnderTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.parley.platform.testing.ServiceUnderTest.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Media as its own service, started the way its main does, with the distributed settings of its configuration file
 * and the documented environment variables: object storage at PARLEY_S3_ENDPOINT (unreachable here: nothing talks to
 * it until a request does), presigned URLs for PARLEY_S3_PUBLIC_ENDPOINT (the edge), processor tokens in the shared
 * JDBC token store (here H2 in PostgreSQL mode), events from Axon Server — unreachable here, so the service comes up
 * and reports itself unhealthy, and answers what needs Axon Server with 503 "try again", not a 500.
 */
class MediaApplicationTest {

    @RegisterExtension
    static final ServiceUnderTest service = new ServiceUnderTest();

    @BeforeAll
    static void startWithAxonServerUnreachable() {
        service.withTokenStoreInH2("media-tokens").start(MediaApplication.application(),
                "--PARLEY_S3_ENDPOINT=http://127.0.0.1:" + closedPort(),
                "--PARLEY_S3_PUBLIC_ENDPOINT=http://parley.example:8080",
                "--PARLEY_S3_ACCESS_KEY=parley", "--PARLEY_S3_SECRET_KEY=parley-secret-key",
                "--PARLEY_S3_BUCKET=parley-test-media");
    }

    @Test
    void startsOnAxonServerMinioAndASharedTokenStoreAndReportsUnhealthyWhileAxonServerIsUnreachable() throws Exception {
        service.assertRunsOnAxonServerAs("parley-media");
        service.assertKeepsTokensInTheSharedJdbcStore();
        assertThat(service.context().getBean(EventProcessingConfiguration.class).eventProcessor("media-processing"))
                .isPresent();
        // presigning is local: the URL names the public endpoint and the configured bucket
        assertThat(service.context().getBean(ObjectStorage.class).presignGet("image/u/1-x.png", Duration.ofMinutes(5),
                "image/png", "inline"))
                .startsWith("http://parley.example:8080/parley-test-media/image/u/1-x.png?");

        HttpResponse<String> health = service.healthWhileAxonServerIsDown();
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"axonServer\":{\"status\":\"DOWN\"").contains("\"db\":{\"status\":\"UP\"");
    }

    @Test
    void anUploadSessionWhileAxonServerIsUnreachableIsA503ToRetryNotABug() throws Exception {
        service.assertUnavailableToRetry(HttpRequest.newBuilder(service.uri("/api/v1/media/upload-session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"cat.png\",\"fileType\":\"image/png\","
                        + "\"fileSize\":1024,\"mediaType\":\"image\"}")));
    }

    @Test
    void exposesItsMetricsAndNoOtherActuatorEndpoint() throws Exception {
        service.assertExposesMetricsAndNoOtherActuatorEndpoint("parley_media_uploads{state=\"pending\"");
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
        service.assertOpenApiDocumentNames("/api/v1/media/upload-session", "/api/v1/sync");
    }

    @Test
    void guardsItsApiWithParleysOneSecurityChain() throws Exception {
        service.assertOnlyParleysSecurityChainGuards("/api/v1/media/some-media-id");
    }
}
