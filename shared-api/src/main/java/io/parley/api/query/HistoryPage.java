package io.parley.api.query;

import java.util.List;
import java.util.Map;

/**
 * Messages in ascending {@code seq}; {@code hasOlder}/{@code hasNewer} tell whether paging on makes sense.
 * {@code senders} names the page's senders (user id to display name), members or not any more: a client cannot learn
 * the name of someone who left from the member list.
 */
public record HistoryPage(String conversationId, List<MessageView> messages, long lastSeq, boolean hasOlder,
                          boolean hasNewer, Map<String, String> senders) {
}
