package io.parley.query.projection;

import com.mongodb.client.MongoDatabase;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The MongoDB collections of the read models, by the processor that owns (and on replay drops) them. */
public final class ReadModels {

    public static final String USERS = "users";
    public static final String CONVERSATIONS = "conversations";
    public static final String MEMBERS = "members";
    /** Which seqs each member sent, as bitmaps (see {@code io.parley.query.conversation.OwnSeqs}). */
    public static final String OWN_SEQS = "ownSeqs";
    public static final String MESSAGES = "messages";
    /** One document per reacted message, {@code conversationId:seq}: who reacted with what. */
    public static final String REACTIONS = "reactions";
    /** Messages a member deleted for themselves only: {@code conversationId:userId:(seq / HIDDEN_BUCKET)}. */
    public static final String HIDDEN_MESSAGES = "hiddenMessages";
    /** Which seq each change of messages (reaction, edit, deletion) changed, by conversation: see MessageChanges. */
    public static final String MESSAGE_CHANGES = "messageChanges";
    /** History's system lines (membership and group changes), by conversation: see SystemLines. */
    public static final String SYSTEM_LINES = "systemLines";
    public static final String SYNC_FEED = "syncFeed";
    public static final String SYNC_HEADS = "syncHeads";
    /**
     * Per conversation ({@link ConversationProgress}), the sequence number of its last event the conversations
     * processor has written out: what a consistency token is checked against (see
     * {@code io.parley.query.consistency.ReadYourWrites}). New with no layout change: a conversation without one has
     * taken no event since, and the first one it takes writes it.
     */
    public static final String CONVERSATION_PROGRESS = "conversationProgress";
    /**
     * One document ({@link StreamPosition}): the global position of the last event of the conversations processor's
     * last batch written out. Written last, so the documents hold at
     * least every event up to it: a gateway node loads its membership view from them and reads the stream on from
     * there (see {@code io.parley.query.conversation.MembershipQueries}).
     */
    public static final String STREAM_POSITION = "streamPosition";
    /** Who blocks whom: one document per pair (see {@code io.parley.query.conversation.BlockProjector}). */
    public static final String BLOCKS = "blocks";

    /** The layout version each processor's documents were written in (see ReadModelLayout). */
    public static final String LAYOUTS = "readModelLayouts";

    public static final String ANALYTICS_DAYS = "analyticsDays";
    public static final String ANALYTICS_MESSAGES = "analyticsMessages";
    public static final String ANALYTICS_WATERMARKS = "analyticsWatermarks";
    public static final String ANALYTICS_CONVERSATIONS = "analyticsConversations";

    /**
     * In flush order, for a reader between two writes of a batch: a conversation's {@code lastSeq} moves after the
     * messages up to it and the member counts that go with it, so an unread count ({@code lastSeq - read -
     * ownAboveRead}) is never more than it will be once the batch is written; what a reader checks first
     * ({@code syncHeads}) is written after the rest, and after it only how far each conversation has got, which a
     * reader holding a consistency token waits for before reading anything else.
     */
    public static final List<String> OF_CONVERSATIONS = List.of(USERS, OWN_SEQS, MEMBERS, MESSAGES, REACTIONS,
            HIDDEN_MESSAGES, MESSAGE_CHANGES, SYSTEM_LINES, BLOCKS, CONVERSATIONS, SYNC_FEED, SYNC_HEADS,
            CONVERSATION_PROGRESS, STREAM_POSITION);
    /** In flush order: the per-day figures before the state they were computed from (see DeliveryBatch). */
    public static final List<String> OF_ANALYTICS = List.of(ANALYTICS_DAYS, ANALYTICS_MESSAGES, ANALYTICS_WATERMARKS,
            ANALYTICS_CONVERSATIONS);

    /**
     * Messages per document of {@link #MESSAGES}. Few, because every new message rewrites its whole bucket (MongoDB
     * and the embedded store both copy a document on update): with 64, the copies were most of what the store
     * allocated under load. A change here is a new layout (ReadModelLayout).
     */
    public static final int MESSAGE_BUCKET = 8;

    /**
     * Drops those of {@code collections} that exist, as a replay starts: the embedded store answers the drop of a
     * collection that was never written as real MongoDB does, but logs it as an error.
     */
    public static void drop(MongoDatabase db, List<String> collections) {
        Set<String> existing = db.listCollectionNames().into(new HashSet<>());
        collections.stream().filter(existing::contains).forEach(collection -> db.getCollection(collection).drop());
    }

    /** The id of the document of a member within a conversation, or the key of a message. */
    public static String key(String conversationId, Object memberOrSeq) {
        return conversationId + ":" + memberOrSeq;
    }

    /**
     * The id of the {@link #MESSAGES} document holding a message: {@code conversationId:(seq / MESSAGE_BUCKET)}; the
     * message is its field {@code m.<seq>}. A batch writes a conversation's new messages in one update per bucket, and
     * a page of history is one or two reads by id.
     */
    public static String messageBucket(String conversationId, long seq) {
        return conversationId + ":" + seq / MESSAGE_BUCKET;
    }

    private ReadModels() {
    }
}
