package io.parley.query;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.platform.testing.LocalPostgres;
import io.parley.platform.testing.ServiceUnderTest;
import io.parley.platform.testing.TokenStoreRace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The query side on the shared token store in PostgreSQL, started while another node (query side or media) creates
 * the store's identifier on the fresh token table: it starts, with that identifier, instead of stopping on the
 * duplicate key.
 */
class SharedTokenStoreStartTest {

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());

    @RegisterExtension
    @Order(1)
    static final LocalPostgres postgres = new LocalPostgres();

    @RegisterExtension
    @Order(2)
    static final ServiceUnderTest service = new ServiceUnderTest();

    @AfterAll
    static void stop() {
        service.stop();
        mongo.shutdownNow();
    }

    @Test
    void startsWhileAnotherNodeCreatesTheTokenStoresIdentifier() throws Exception {
        TokenStoreRace.assertStartsWhileAnotherNodeCreatesTheIdentifier(postgres, "query_tokens", service,
                QuerySideApplication.application(), "conversations",
                "--PARLEY_MONGODB_URI=" + mongo.bindAndGetConnectionString() + "/parley");
    }
}
