package io.parley.command.conversation;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sender's most recent messages by clientMessageId, for dedupe; the oldest fall out past the cap. Each entry
 * is kept as small as it can be ({@code [seq, sentAt millis]}), because it is in every snapshot.
 */
class RecentMessages extends LinkedHashMap<String, RecentMessages.Sent> {

    static final int CAPACITY = 1_000;

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Sent(long seq, long sentAtMillis) {
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
        return size() > CAPACITY;
    }
}
