package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Values of the read-model store's maps written as BSON behind a tag byte of their own: H2's default type tags its
 * values 0 to 119 (Java-serialized objects: 19), so a reader tells an earlier version's values from these by the
 * first byte.
 */
final class BsonValues {

    private static final byte TAG = 127;
    private static final int KEPT_BUFFER_BYTES = 1 << 20;
    private static final ThreadLocal<ByteBuf> BUFFERS = ThreadLocal.withInitial(() -> Unpooled.buffer(16 * 1024));

    private BsonValues() {
    }

    /** Writes the tag and the document; returns its encoded size. Writes nothing if a value has no BSON form (an IllegalArgumentException). */
    static int write(WriteBuffer out, Map<String, ?> document) {
        ByteBuf bson = BUFFERS.get().clear();
        BsonEncoder.encodeDocument(document, bson);
        int size = bson.readableBytes();
        out.put(TAG).put(bson.array(), bson.arrayOffset(), size);
        if (bson.capacity() > KEPT_BUFFER_BYTES) {
            BUFFERS.remove();
        }
        return size;
    }

    static boolean isNext(ByteBuffer in) {
        return in.get(in.position()) == TAG;
    }

    /** Reads the document {@link #write} wrote, the buffer at its tag. */
    static Document read(ByteBuffer in) {
        in.get();
        ByteBuf bson = Unpooled.wrappedBuffer(in.slice());
        Document document = BsonDecoder.decodeBson(bson);
        in.position(in.position() + bson.readerIndex());
        return document;
    }
}
