package io.parley.query.sync;

import io.parley.api.auth.Caller;
import io.parley.api.query.GetChanges;
import io.parley.api.query.SyncPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's change feed: no cursor for the current state, then the cursor each answer gives. */
@RestController
class SyncController {

    private final SyncQueries queries;

    SyncController(SyncQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/sync")
    SyncPage sync(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                  @RequestParam(required = false) String cursor,
                  @RequestParam(defaultValue = "" + GetChanges.DEFAULT_LIMIT) int limit) {
        return queries.handle(new GetChanges(caller.userId(), cursor, limit));
    }
}
