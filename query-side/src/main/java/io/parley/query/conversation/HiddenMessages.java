package io.parley.query.conversation;

/**
 * The messages a member deleted for themselves, in {@code hiddenMessages}: documents of {@link #BUCKET} seqs per
 * member, {@code s.<seq>: true}, so that a page of history needs one or two reads by id.
 */
public final class HiddenMessages {

    public static final int BUCKET = 256;

    private HiddenMessages() {
    }

    public static String id(String conversationId, String userId, long seq) {
        return conversationId + ":" + userId + ":" + seq / BUCKET;
    }
}
