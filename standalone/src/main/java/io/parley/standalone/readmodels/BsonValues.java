package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** Writes the tag and the document. Writes nothing if a value has no BSON form (an IllegalArgumentException). */
    static void write(WriteBuffer out, Map<String, ?> document) {
        ByteBuf bson = encodeInBuffer(document);
        out.put(TAG).put(bson.array(), bson.arrayOffset(), bson.readableBytes());
        releaseIfLarge(bson);
    }

    /** The document as BSON; an IllegalArgumentException if a value has no BSON form. */
    static byte[] encode(Map<String, ?> document) {
        ByteBuf bson = encodeInBuffer(document);
        byte[] bytes = new byte[bson.readableBytes()];
        bson.readBytes(bytes);
        releaseIfLarge(bson);
        return bytes;
    }

    private static ByteBuf encodeInBuffer(Map<String, ?> document) {
        ByteBuf bson = BUFFERS.get().clear();
        BsonEncoder.encodeDocument(document, bson);
        return bson;
    }

    private static void releaseIfLarge(ByteBuf buffer) {
        if (buffer.capacity() > KEPT_BUFFER_BYTES) {
            BUFFERS.remove();
        }
    }

    static Document decode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    /** Writes the tag and a document's bytes ({@link #encode}): what {@link #write} writes for the document. */
    static void writeEncoded(WriteBuffer out, byte[] bson) {
        out.put(TAG).put(bson);
    }

    /** Reads the bytes of a document {@link #write} wrote, the buffer at its tag. */
    static byte[] readEncoded(ByteBuffer in) {
        in.get();
        int size = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] bson = new byte[size];
        in.get(bson);
        return bson;
    }

    static boolean isNext(ByteBuffer in) {
        return in.get(in.position()) == TAG;
    }

    /** Reads the document {@link #write} wrote, the buffer at its tag. */
    static Document read(ByteBuffer in) {
        return decode(readEncoded(in));
    }
}
