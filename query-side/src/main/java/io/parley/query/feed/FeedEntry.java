package io.parley.query.feed;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * One change in a user's sync feed, entry {@code e.<n>} of its bucket in {@code syncFeed} ({@link FeedAppender}): its
 * number {@code n} in the user's feed, the global {@code position} of the event it came from, its type, conversation
 * and time, and the fields of its type (absent when null). Made with {@link #of} and the {@code with…} methods;
 * {@link FeedAppender} numbers it.
 */
public record FeedEntry(long n, long position, String type, String conversationId, Instant at, Long seq,
                        String userId, List<String> userIds, String by, String emoji, Long change, String title,
                        String description, Boolean onlyAdminsSend) {

    public FeedEntry {
        at = at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
        userIds = userIds == null ? null : List.copyOf(userIds);
    }

    /** A change of this type in the conversation, at this time, not numbered yet. */
    public static FeedEntry of(String type, String conversationId, Instant at) {
        return new FeedEntry(0, 0, type, conversationId, at, null, null, null, null, null, null, null, null, null);
    }

    /** The entry as number {@code n} of a user's feed, from the event at {@code position}. */
    FeedEntry numbered(long n, long position) {
        return with(entry -> {
            entry.n = n;
            entry.position = position;
        });
    }

    public FeedEntry withSeq(long seq) {
        return with(entry -> entry.seq = seq);
    }

    public FeedEntry withUserId(String userId) {
        return with(entry -> entry.userId = userId);
    }

    public FeedEntry withUserIds(List<String> userIds) {
        return with(entry -> entry.userIds = userIds);
    }

    public FeedEntry withBy(String by) {
        return with(entry -> entry.by = by);
    }

    public FeedEntry withEmoji(String emoji) {
        return with(entry -> entry.emoji = emoji);
    }

    /** The number of the change of messages ({@code MessageChanges}) it stands for. */
    public FeedEntry withChange(long change) {
        return with(entry -> entry.change = change);
    }

    public FeedEntry withTitle(String title) {
        return with(entry -> entry.title = title);
    }

    public FeedEntry withDescription(String description) {
        return with(entry -> entry.description = description);
    }

    public FeedEntry withOnlyAdminsSend(boolean onlyAdminsSend) {
        return with(entry -> entry.onlyAdminsSend = onlyAdminsSend);
    }

    private FeedEntry with(Consumer<Fields> edit) {
        Fields fields = new Fields(this);
        edit.accept(fields);
        return fields.entry();
    }

    /** The fields of an entry being changed: a copy of it until {@link #entry}. */
    private static final class Fields {
        long n;
        long position;
        final String type;
        final String conversationId;
        final Instant at;
        Long seq;
        String userId;
        List<String> userIds;
        String by;
        String emoji;
        Long change;
        String title;
        String description;
        Boolean onlyAdminsSend;

        Fields(FeedEntry entry) {
            n = entry.n;
            position = entry.position;
            type = entry.type;
            conversationId = entry.conversationId;
            at = entry.at;
            seq = entry.seq;
            userId = entry.userId;
            userIds = entry.userIds;
            by = entry.by;
            emoji = entry.emoji;
            change = entry.change;
            title = entry.title;
            description = entry.description;
            onlyAdminsSend = entry.onlyAdminsSend;
        }

        FeedEntry entry() {
            return new FeedEntry(n, position, type, conversationId, at, seq, userId, userIds, by, emoji, change, title,
                    description, onlyAdminsSend);
        }
    }
}
