package io.parley.command.conversation;

import io.parley.api.consistency.ConsistencyToken;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** In the OpenAPI document: the conversation commands' successful answers carry a {@link ConsistencyToken}. */
@Configuration
@ConditionalOnClass(OperationCustomizer.class)
class ConsistencyTokenApiDocs {

    private static final String DESCRIPTION = "Read-your-writes: an opaque token of what this command stored, to give "
            + "a query (history, conversation list, sync) as the " + ConsistencyToken.HEADER + " request header so "
            + "that its answer includes it. Absent when the command stored nothing.";

    @Bean
    OperationCustomizer conversationCommandsAnswerWithAConsistencyToken() {
        return (operation, handler) -> {
            if ((handler.getBeanType() == ConversationController.class
                    || handler.getBeanType() == MessageActionsController.class) && operation.getResponses() != null) {
                operation.getResponses().forEach((status, response) -> {
                    if (status.startsWith("2")) {
                        response.addHeaderObject(ConsistencyToken.HEADER,
                                new Header().description(DESCRIPTION).schema(new StringSchema()));
                    }
                });
            }
            return operation;
        };
    }
}
