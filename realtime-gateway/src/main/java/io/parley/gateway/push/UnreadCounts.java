package io.parley.gateway.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;

import java.util.TreeSet;

/**
 * Per user and conversation: the read watermark and the messages from others above it, as this node saw them since
 * it started (a count of at most {@value #MAX_COUNTED}). Touched by the push thread only. Bounded: the least used
 * pairs are forgotten and count again from their next message.
 */
final class UnreadCounts {

    static final int MAX_COUNTED = 999;

    private static final class Unread {
        long readUpTo;
        final TreeSet<Long> seqs = new TreeSet<>();
    }

    private final Cache<String, Unread> unread = Caffeine.newBuilder().maximumSize(100_000).build();

    void messageFromOther(UserId user, ConversationId conversation, long seq) {
        Unread entry = unread.get(key(user, conversation), key -> new Unread());
        if (seq > entry.readUpTo) {
            entry.seqs.add(seq);
            if (entry.seqs.size() > MAX_COUNTED) {
                entry.seqs.pollFirst();
            }
        }
    }

    void read(UserId user, ConversationId conversation, long upTo) {
        Unread entry = unread.get(key(user, conversation), key -> new Unread());
        entry.readUpTo = Math.max(entry.readUpTo, upTo);
        entry.seqs.headSet(upTo, true).clear();
    }

    boolean isRead(UserId user, ConversationId conversation, long seq) {
        Unread entry = unread.getIfPresent(key(user, conversation));
        return entry != null && entry.readUpTo >= seq;
    }

    long count(UserId user, ConversationId conversation) {
        Unread entry = unread.getIfPresent(key(user, conversation));
        return entry == null ? 0 : entry.seqs.size();
    }

    private static String key(UserId user, ConversationId conversation) {
        return user.value() + "/" + conversation.value();
    }
}
