package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A unique index of the read-model file (the {@code _id} index of every collection among them): a table from each
 * key, in the canonical encoding of {@link BsonValues#key}, to the row id of its document. Equality and {@code $in}
 * lookups are searches of the table's primary key; the library's other uses of an index (a regular expression on
 * it) read the whole table.
 */
final class UniqueKeyIndex extends AbstractUniqueIndex<Long> {

    private final ReadModelFile file;
    private final String table;

    UniqueKeyIndex(String name, List<IndexKey> keys, boolean sparse, ReadModelFile file, String table) {
        super(name, keys, sparse);
        this.file = file;
        this.table = table;
    }

    @Override
    protected Long getPosition(KeyValue keyValue) {
        byte[] key = BsonValues.key(keyValue);
        return file.use(session -> {
            try {
                PreparedStatement select = session.prepare("SELECT position FROM " + table + " WHERE key = ?");
                select.setBytes(1, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getLong(1) : null;
                }
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, null);
            }
        });
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Long position) {
        byte[] key = BsonValues.key(keyValue);
        return file.use(session -> {
            PreparedStatement insert = session.prepare("INSERT OR IGNORE INTO " + table + " (key, position) VALUES (?, ?)");
            insert.setBytes(1, key);
            insert.setLong(2, position);
            return insert.executeUpdate() == 1;
        });
    }

    @Override
    protected Long removeDocument(KeyValue keyValue) {
        byte[] key = BsonValues.key(keyValue);
        return file.use(session -> {
            PreparedStatement delete = session.prepare("DELETE FROM " + table + " WHERE key = ? RETURNING position");
            delete.setBytes(1, key);
            try (ResultSet row = delete.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        });
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Long>> getIterable() {
        return file.use(session -> {
            List<Map.Entry<KeyValue, Long>> entries = new ArrayList<>();
            try (ResultSet rows = session.prepare("SELECT key, position FROM " + table).executeQuery()) {
                while (rows.next()) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(BsonValues.decodeKey(rows.getBytes(1)),
                            rows.getLong(2)));
                }
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, entries);
            }
            return entries;
        });
    }

    @Override
    public long getCount() {
        return file.use(session -> {
            try (ResultSet result = session.prepare("SELECT count(*) FROM " + table).executeQuery()) {
                result.next();
                return result.getLong(1);
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, 0L);
            }
        });
    }

    @Override
    public boolean isEmpty() {
        return getCount() == 0;
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        super.drop();
        file.use(session -> {
            session.execute("DROP TABLE IF EXISTS " + table);
            return null;
        });
    }

}
