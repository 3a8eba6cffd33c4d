package io.parley.query.history;

import io.parley.api.auth.Caller;
import io.parley.api.conversation.ConversationId;
import io.parley.api.query.GetHistory;
import io.parley.api.query.HistoryPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A conversation's history, paged by seq: {@code before=SEQ} goes back, {@code after=SEQ} forward. */
@RestController
class HistoryController {

    private final HistoryQueries queries;

    HistoryController(HistoryQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/conversations/{conversationId}/messages")
    HistoryPage history(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String conversationId,
                        @RequestParam(required = false) Long before, @RequestParam(required = false) Long after,
                        @RequestParam(defaultValue = "" + GetHistory.DEFAULT_LIMIT) int limit) {
        return queries.handle(new GetHistory(ConversationId.of(conversationId), caller.userId(), before, after, limit));
    }
}
