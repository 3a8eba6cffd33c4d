package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StagedDocuments;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.BitSet;
import java.util.List;
import java.util.stream.LongStream;

import static io.parley.query.projection.ReadModels.key;

/**
 * Which seqs of a conversation a member sent: documents of {@link ReadModels#OWN_SEQS}, one per {@link #SIZE} seqs,
 * {@code _id} {@code conversationId:userId:(seq / SIZE)}, whose {@code bits} (binary, bit {@code seq % SIZE} in
 * {@link BitSet#valueOf(byte[])} order) are set for the seqs sent. Bits are only ever set, so marking a seq again
 * changes nothing.
 */
final class OwnSeqs {

    static final int SIZE = 1024;
    private static final String BITS = "bits";

    private OwnSeqs() {
    }

    /** The id of the document holding the seq. */
    static String id(String conversationId, String userId, long seq) {
        return bucket(conversationId, userId, seq / SIZE);
    }

    private static String bucket(String conversationId, String userId, long number) {
        return key(key(conversationId, userId), number);
    }

    /** Sets the seq's bit in the document that holds it. */
    static void mark(Document bucket, long seq) {
        byte[] bits = bits(bucket);
        int bit = (int) (seq % SIZE);
        bits[bit >> 3] |= (byte) (1 << (bit & 7));
        bucket.put(BITS, new Binary(bits));
    }

    /** How many seqs in {@code (after, upTo]} the member sent, read (in one query) from the staged documents. */
    static long count(StagedDocuments buckets, String conversationId, String userId, long after, long upTo) {
        if (upTo <= after) {
            return 0;
        }
        List<Long> numbers = LongStream.rangeClosed((after + 1) / SIZE, upTo / SIZE).boxed().toList();
        buckets.load(numbers.stream().map(n -> bucket(conversationId, userId, n)).toList());
        long count = 0;
        for (long n : numbers) {
            Document bucket = buckets.get(bucket(conversationId, userId, n));
            if (bucket != null) {
                long first = n * SIZE;
                count += BitSet.valueOf(bits(bucket))
                        .get((int) Math.max(after + 1 - first, 0), (int) Math.min(upTo + 1 - first, SIZE))
                        .cardinality();
            }
        }
        return count;
    }

    /** A copy of the document's bits, none set in a new one. */
    private static byte[] bits(Document bucket) {
        return bucket.get(BITS) instanceof Binary binary ? binary.getData() : new byte[SIZE / 8];
    }
}
