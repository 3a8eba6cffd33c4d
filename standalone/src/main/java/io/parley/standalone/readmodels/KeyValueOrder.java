package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.type.ObjectDataType;

import java.util.Comparator;

/**
 * The key type of the unique indexes in the read-model store: the same serialized form on disk, but keys compared as
 * values. mongo-java-server's {@link KeyValue} is not {@link Comparable}, so H2 compares two of them by serializing
 * both (a new ObjectOutputStream each time) at every step of every index search: that was half of what the whole
 * application allocated under load.
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
}
