package io.parley.api.query;

import java.util.List;

/** Messages in ascending {@code seq}; {@code hasOlder}/{@code hasNewer} tell whether paging on makes sense. */
public record HistoryPage(String conversationId, List<MessageView> messages, long lastSeq, boolean hasOlder,
                          boolean hasNewer) {
}
