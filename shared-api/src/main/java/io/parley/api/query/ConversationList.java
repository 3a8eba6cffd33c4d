package io.parley.api.query;

import java.util.List;

public record ConversationList(List<ConversationSummary> conversations) {
}
