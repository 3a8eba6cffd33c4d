package io.parley.query.projection;

import java.util.List;

/** The query side's event processors, each with its own token and its own collections. */
public final class ProcessingGroups {

    /** Conversations, members and receipts, users, messages and the sync feed: one processor, one consistent view. */
    public static final String CONVERSATIONS = "conversations";
    /** The delivery analytics, built purely from events. */
    public static final String ANALYTICS = "analytics";

    public static final List<String> ALL = List.of(CONVERSATIONS, ANALYTICS);

    private ProcessingGroups() {
    }
}
