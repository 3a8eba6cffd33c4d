package io.parley.media;

import io.parley.platform.testing.LocalPostgres;
import io.parley.platform.testing.ServiceUnderTest;
import io.parley.platform.testing.TokenStoreRace;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.parley.platform.testing.ServiceUnderTest.closedPort;

/**
 * Media on the shared token store in PostgreSQL, started while another node (query side or media) creates the
 * store's identifier on the fresh token table: it starts, with that identifier, instead of stopping on the duplicate
 * key.
 */
class SharedTokenStoreStartTest {

    @RegisterExtension
    @Order(1)
    static final LocalPostgres postgres = new LocalPostgres();

    @RegisterExtension
    @Order(2)
    static final ServiceUnderTest service = new ServiceUnderTest();

    @Test
    void startsWhileAnotherNodeCreatesTheTokenStoresIdentifier() throws Exception {
        TokenStoreRace.assertStartsWhileAnotherNodeCreatesTheIdentifier(postgres, "media_tokens", service,
                MediaApplication.application(), "media-processing",
                "--PARLEY_S3_ENDPOINT=http://127.0.0.1:" + closedPort(),
                "--PARLEY_S3_PUBLIC_ENDPOINT=http://parley.example:8080",
                "--PARLEY_S3_ACCESS_KEY=parley", "--PARLEY_S3_SECRET_KEY=parley-secret-key",
                "--PARLEY_S3_BUCKET=parley-test-media");
    }
}
