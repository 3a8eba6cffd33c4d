package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;

/**
 * The value type of the read-model store's collections: each document as its BSON bytes, in the file
 * ({@link BsonValues}'s tag, then the bytes) and in memory. A page in memory so holds one array per document where a
 * decoded document is dozens of maps, entries and strings, and a commit writes the bytes as they are instead of
 * encoding every document of every page it rewrites. Under load, superseded page versions outlive a young garbage
 * collection or two; every object in them is one the collector copies. Documents an earlier version stored in Java's
 * form are still read (and written as BSON the next time their page is).
 */
final class BsonBytesType extends BasicDataType<byte[]> {

    private static final int ARRAY_HEADER_BYTES = 16;

    private final ObjectDataType javaSerialized = new ObjectDataType();

    @Override
    public int getMemory(byte[] bson) {
        return ARRAY_HEADER_BYTES + bson.length;
    }

    @Override
    public void write(WriteBuffer out, byte[] bson) {
        BsonValues.writeEncoded(out, bson);
    }

    @Override
    public byte[] read(ByteBuffer in) {
        return BsonValues.isNext(in) ? BsonValues.readEncoded(in) : BsonValues.encode((Document) javaSerialized.read(in));
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }
}
