package io.parley.query.conversation;

/**
 * History's system lines in {@code systemLines}: per conversation, documents of the lines after {@link #BUCKET} seqs,
 * {@code conversationId:(afterSeq / BUCKET)}, each line the field {@code l.<position>} (the event's global position,
 * so writing it again changes nothing). A page of history reads the one or two documents its seqs fall in, by id.
 */
public final class SystemLines {

    public static final int BUCKET = 64;

    private SystemLines() {
    }

    public static String bucketId(String conversationId, long afterSeq) {
        return conversationId + ":" + afterSeq / BUCKET;
    }
}
