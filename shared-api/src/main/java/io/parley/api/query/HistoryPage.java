package io.parley.api.query;

import java.util.List;
import java.util.Map;

/**
 * Messages in ascending {@code seq}; {@code hasOlder}/{@code hasNewer} tell whether paging on makes sense.
 * {@code senders} names the page's senders (user id to display name), members or not any more: a client cannot learn
 * the name of someone who left from the member list. {@code lastChange}: the conversation's last message change
 * (reaction, edit, deletion) the page reflects, for a device to {@code resume} changes from. {@code systemLines}: the
 * page's {@link SystemLine}s (membership and group changes) after its messages' seqs (the first page from seq 1 also
 * those before the first message), in order; {@code senders} names the people they name too.
 */
public record HistoryPage(String conversationId, List<MessageView> messages, long lastSeq, boolean hasOlder,
                          boolean hasNewer, Map<String, String> senders, long lastChange, List<SystemLine> systemLines) {

    public HistoryPage(String conversationId, List<MessageView> messages, long lastSeq, boolean hasOlder,
                       boolean hasNewer, Map<String, String> senders, long lastChange) {
        this(conversationId, messages, lastSeq, hasOlder, hasNewer, senders, lastChange, List.of());
    }

    public HistoryPage(String conversationId, List<MessageView> messages, long lastSeq, boolean hasOlder,
                       boolean hasNewer, Map<String, String> senders) {
        this(conversationId, messages, lastSeq, hasOlder, hasNewer, senders, 0);
    }
}
