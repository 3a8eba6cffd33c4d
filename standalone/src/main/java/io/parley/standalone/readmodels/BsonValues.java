package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Map;

/**
 * Documents and unique-index keys as the bytes the read-model file stores: BSON, mongo-java-server's own encoding of
 * its values.
 */
final class BsonValues {

    private static final int KEPT_BUFFER_BYTES = 1 << 20;
    private static final ThreadLocal<ByteBuf> BUFFERS = ThreadLocal.withInitial(() -> Unpooled.buffer(16 * 1024));

    private BsonValues() {
    }

    /** The document as BSON; an IllegalArgumentException if a value has no BSON form. */
    static byte[] encode(Map<String, ?> document) {
        ByteBuf bson = BUFFERS.get().clear();
        BsonEncoder.encodeDocument(document, bson);
        byte[] bytes = new byte[bson.readableBytes()];
        bson.readBytes(bytes);
        if (bson.capacity() > KEPT_BUFFER_BYTES) {
            BUFFERS.remove();
        }
        return bytes;
    }

    static Document decode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    /**
     * A unique index's key as bytes that are equal exactly when mongo-java-server's indexes take two keys for equal:
     * the key {@linkplain KeyValue#normalized() normalized} as the library does it (every number that a double can
     * hold becomes that double, so {@code 1}, {@code 1L} and {@code 1.0} are one key; {@code -0.0} is {@code 0.0};
     * a missing value is null), then its values as the fields "0", "1", ... of a BSON document. BSON keeps the type
     * of every other value (the string "1" is not the number 1) and the field order of embedded documents, as MongoDB
     * compares them.
     */
    static byte[] key(KeyValue key) {
        KeyValue normalized = key.normalized();
        Document fields = new Document();
        for (int i = 0; i < normalized.size(); i++) {
            fields.put(Integer.toString(i), normalized.get(i));
        }
        return encode(fields);
    }

    static KeyValue decodeKey(byte[] bson) {
        return new KeyValue(decode(bson).values());
    }
}
