package io.parley.query.conversation;

import io.parley.platform.auth.Caller;
import io.parley.api.consistency.ConsistencyToken;
import io.parley.api.conversation.ConversationId;
import io.parley.api.query.ConversationList;
import io.parley.api.query.GetReceipts;
import io.parley.api.query.ListConversations;
import io.parley.api.query.Receipts;
import io.parley.query.consistency.ReadYourWrites;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/** The caller's conversations and a conversation's receipts, from the read model. */
@RestController
@RequestMapping("/api/v1/conversations")
class ConversationQueryController {

    private static final String LIMIT = "limit must be between 1 and " + ListConversations.MAX_LIMIT;

    private final ConversationQueries queries;
    private final ReadYourWrites readYourWrites;

    ConversationQueryController(ConversationQueries queries, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping
    CompletableFuture<ConversationList> list(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                             @RequestParam(required = false) String cursor,
                                             @RequestParam(defaultValue = "" + ListConversations.DEFAULT_LIMIT)
                                             @Min(value = 1, message = LIMIT)
                                             @Max(value = ListConversations.MAX_LIMIT, message = LIMIT) int limit,
                                             @Parameter(description = ReadYourWrites.TOKEN_DESCRIPTION)
                                             @RequestHeader(name = ConsistencyToken.HEADER, required = false) String consistency) {
        ListConversations query = new ListConversations(caller.userId(), cursor, limit);
        return readYourWrites.after(consistency, caller.userId(), () -> queries.handle(query));
    }

    @GetMapping("/{conversationId}/receipts")
    Receipts receipts(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String conversationId) {
        return queries.handle(new GetReceipts(ConversationId.of(conversationId), caller.userId()));
    }
}
