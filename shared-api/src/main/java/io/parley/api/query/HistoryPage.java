package io.parley.api.query;

import java.util.List;

/**
 * Messages in ascending {@code seq}; {@code hasOlder}/{@code hasNewer} tell whether paging on makes sense.
 * {@code lastChange}: the conversation's last message change (reaction, edit, deletion) the page reflects, for a
 * device to {@code resume} changes from.
 */
public record HistoryPage(String conversationId, List<MessageView> messages, long lastSeq, boolean hasOlder,
                          boolean hasNewer, long lastChange) {

    public HistoryPage(String conversationId, List<MessageView> messages, long lastSeq, boolean hasOlder,
                       boolean hasNewer) {
        this(conversationId, messages, lastSeq, hasOlder, hasNewer, 0);
    }
}
