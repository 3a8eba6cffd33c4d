package io.parley.query.sync;

import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.query.GetChanges;
import io.parley.api.query.SyncPage;
import io.parley.query.consistency.ReadYourWrites;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/** The caller's change feed: no cursor for the current state, then the cursor each answer gives. */
@RestController
class SyncController {

    private static final String LIMIT = "limit must be between 1 and " + GetChanges.MAX_LIMIT;

    private final SyncQueries queries;
    private final ReadYourWrites readYourWrites;

    SyncController(SyncQueries queries, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/api/v1/sync")
    CompletableFuture<SyncPage> sync(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                     @RequestParam(required = false) String cursor,
                                     @RequestParam(defaultValue = "" + GetChanges.DEFAULT_LIMIT)
                                     @Min(value = 1, message = LIMIT) @Max(value = GetChanges.MAX_LIMIT, message = LIMIT)
                                     int limit,
                                     @Parameter(description = ReadYourWrites.TOKEN_DESCRIPTION)
                                     @RequestHeader(name = ConsistencyToken.HEADER, required = false) String consistency) {
        GetChanges query = new GetChanges(caller.userId(), cursor, limit);
        return readYourWrites.after(consistency, caller.userId(), () -> queries.handle(query));
    }
}
