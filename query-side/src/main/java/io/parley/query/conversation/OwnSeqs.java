package io.parley.query.conversation;

import io.parley.query.projection.ReadModels;
import io.parley.query.projection.StagedRecords;
import org.springframework.data.annotation.Id;

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
record OwnSeqs(@Id String id, byte[] bits) {

    static final int SIZE = 1024;

    /** The id of the document holding the seq. */
    static String id(String conversationId, String userId, long seq) {
        return bucket(conversationId, userId, seq / SIZE);
    }

    private static String bucket(String conversationId, String userId, long number) {
        return key(key(conversationId, userId), number);
    }

    /** The document holding the seq ({@code current}, or a new one), with the seq's bit set. */
    static OwnSeqs mark(OwnSeqs current, String conversationId, String userId, long seq) {
        byte[] bits = bitsOf(current);
        int bit = (int) (seq % SIZE);
        bits[bit >> 3] |= (byte) (1 << (bit & 7));
        return new OwnSeqs(id(conversationId, userId, seq), bits);
    }

    /** How many seqs in {@code (after, upTo]} the member sent, read (in one query) from the staged documents. */
    static long count(StagedRecords<OwnSeqs> buckets, String conversationId, String userId, long after, long upTo) {
        if (upTo <= after) {
            return 0;
        }
        List<Long> numbers = LongStream.rangeClosed((after + 1) / SIZE, upTo / SIZE).boxed().toList();
        buckets.load(numbers.stream().map(n -> bucket(conversationId, userId, n)).toList());
        long count = 0;
        for (long n : numbers) {
            OwnSeqs bucket = buckets.get(bucket(conversationId, userId, n));
            if (bucket != null) {
                long first = n * SIZE;
                count += BitSet.valueOf(bitsOf(bucket))
                        .get((int) Math.max(after + 1 - first, 0), (int) Math.min(upTo + 1 - first, SIZE))
                        .cardinality();
            }
        }
        return count;
    }

    /** A copy of the document's bits, none set without one. */
    private static byte[] bitsOf(OwnSeqs bucket) {
        return bucket == null || bucket.bits == null ? new byte[SIZE / 8] : bucket.bits.clone();
    }
}
