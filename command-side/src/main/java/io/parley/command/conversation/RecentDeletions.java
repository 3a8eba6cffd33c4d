package io.parley.command.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seqs of the latest messages deleted for everyone (with when, in millis), so that deleting again stores nothing and
 * reacting to or editing them is turned down. The oldest fall out past the cap; the read models keep a deleted message
 * deleted whatever comes after.
 */
class RecentDeletions extends LinkedHashMap<Long, Long> {

    static final int CAPACITY = 1_000;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
        return size() > CAPACITY;
    }
}
