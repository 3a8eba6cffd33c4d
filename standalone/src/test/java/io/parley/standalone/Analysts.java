package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Session;

import java.util.ArrayList;
import java.util.List;

/** The tests' analyst, and waiting until the query side's projections have handled every event stored. */
final class Analysts {

    private Analysts() {
    }

    /** The one analyst account of the tests (see src/test/resources/config/application.yml), signed in on a device. */
    static Session analyst(ParleyClient client, String device) {
        try {
            return client.login("query_analyst", device);
        } catch (IllegalStateException notRegisteredYet) {
            try {
                client.register("query_analyst");
            } catch (IllegalStateException registeredMeanwhile) {
                // another test registered it
            }
            return client.login("query_analyst", device);
        }
    }

    /** Waits until both query-side processors are at the head of the event store and none replays; their statuses. */
    static List<JsonNode> awaitCaughtUp(ParleyClient client, Session analyst) {
        JsonNode statuses = QueryFlowTest.await(() -> client.get("/api/v1/admin/projections", analyst.accessToken()).body(),
                list -> {
                    for (JsonNode p : list) {
                        if (p.path("replaying").asBoolean() || p.path("position").asLong() < p.path("head").asLong()) {
                            return false;
                        }
                    }
                    return list.size() == 2;
                });
        List<JsonNode> result = new ArrayList<>();
        statuses.forEach(result::add);
        return result;
    }
}
