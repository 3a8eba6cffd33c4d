package io.parley.query.conversation;

/**
 * A conversation's change log of messages, in {@code messageChanges}: change number → the seq it changed (a reaction,
 * an edit, a deletion), {@link #BUCKET} to a document ({@code c.<change>: seq}). The conversation document holds
 * {@code lastChange}, moved after the log is written. A device that resumes from its last change number reads the
 * seqs changed since and gets those messages as they are now.
 */
public final class MessageChanges {

    public static final int BUCKET = 64;

    private MessageChanges() {
    }

    public static String bucketId(String conversationId, long change) {
        return conversationId + ":" + change / BUCKET;
    }
}
