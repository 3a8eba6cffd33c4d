package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.Comparator;

/**
 * The key type of the unique indexes in the read-model store: keys compared as values, and written as BSON.
 * mongo-java-server's {@link KeyValue} is not {@link Comparable}, so H2 compares two of them by serializing both (a
 * new ObjectOutputStream each time) at every step of every index search: that was half of what the whole application
 * allocated under load. It also Java-serialized every key of an index page each time the page was written. Keys an
 * earlier version wrote in Java's form are still read; a key that has no BSON form is written in it.
 */
final class KeyValueOrder extends ObjectDataType {

    private static final Comparator<Object> VALUES = ValueComparator.asc();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            int common = Math.min(left.size(), right.size());
            for (int i = 0; i < common; i++) {
                int order = VALUES.compare(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        }
        return super.compare(a, b);
    }

    @Override
    public void write(WriteBuffer out, Object key) {
        if (key instanceof KeyValue values) {
            Document document = new Document();
            for (int i = 0; i < values.size(); i++) {
                document.put(Integer.toString(i), values.get(i));
            }
            try {
                BsonValues.write(out, document);
                return;
            } catch (IllegalArgumentException noBsonForm) {
                // written below, in Java's form (BsonValues writes nothing unless the whole key encodes)
            }
        }
        super.write(out, key);
    }

    @Override
    public Object read(ByteBuffer in) {
        return BsonValues.isNext(in) ? new KeyValue(BsonValues.read(in).values()) : super.read(in);
    }

}
