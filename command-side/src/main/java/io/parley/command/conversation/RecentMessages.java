package io.parley.command.conversation;

import io.parley.api.conversation.MessageAccepted;

import java.util.LinkedHashMap;
import java.util.Map;

/** One sender's most recent messages by clientMessageId, for dedupe; the oldest fall out past the cap. */
class RecentMessages extends LinkedHashMap<String, MessageAccepted> {

    static final int CAPACITY = 1_000;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, MessageAccepted> eldest) {
        return size() > CAPACITY;
    }
}
