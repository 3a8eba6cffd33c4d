package io.parley.command.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest reactions by {@code seq/userId} ({@code ""} once taken back), so that reacting again with the same emoji
 * stores nothing. The oldest fall out past the cap: reacting again to an old message stores the same reaction again,
 * which the read models take as they took the first.
 */
class RecentReactions extends LinkedHashMap<String, String> {

    static final int CAPACITY = 1_000;

    static String key(long seq, String userId) {
        return seq + "/" + userId;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > CAPACITY;
    }
}
