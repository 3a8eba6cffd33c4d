package io.parley.query.history;

import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import io.parley.api.query.GetHistory;
import io.parley.api.query.HistoryPage;
import io.parley.query.consistency.ReadYourWrites;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/** A conversation's history, paged by seq: {@code before=SEQ} goes back, {@code after=SEQ} forward. */
@RestController
class HistoryController {

    private static final String LIMIT = "limit must be between 1 and " + GetHistory.MAX_LIMIT;
    private static final String BEFORE = "before must be at least 1";
    private static final String AFTER = "after must be at least 0";

    private final HistoryQueries queries;
    private final ReadYourWrites readYourWrites;

    HistoryController(HistoryQueries queries, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/api/v1/conversations/{conversationId}/messages")
    CompletableFuture<HistoryPage> history(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                           @PathVariable String conversationId,
                                           @RequestParam(required = false) @Min(value = 1, message = BEFORE) Long before,
                                           @RequestParam(required = false) @Min(value = 0, message = AFTER) Long after,
                                           @RequestParam(defaultValue = "" + GetHistory.DEFAULT_LIMIT)
                                           @Min(value = 1, message = LIMIT) @Max(value = GetHistory.MAX_LIMIT, message = LIMIT)
                                           int limit,
                                           @Parameter(description = ReadYourWrites.TOKEN_DESCRIPTION)
                                           @RequestHeader(name = ConsistencyToken.HEADER, required = false) String consistency) {
        GetHistory query = new GetHistory(ConversationId.of(conversationId), caller.userId(), before, after, limit);
        return readYourWrites.after(consistency, caller.userId(), () -> queries.handle(query));
    }
}
