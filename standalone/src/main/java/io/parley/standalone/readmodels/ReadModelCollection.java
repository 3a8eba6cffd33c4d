package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A collection of the read-model file: a table of BSON documents, each at its row id (the position its indexes point
 * to), decoded when read (each read gets a copy of its own, which the library's update path then changes) and
 * encoded once when written. A query that an index answers reads just the rows the index names; any other scans the
 * table in row order. It does not keep the data size {@code collStats} reports (Parley does not use it; the library
 * would encode the old and the new document at every update for it).
 */
final class ReadModelCollection extends AbstractSynchronizedMongoCollection<Long> {

    private final ReadModelFile file;
    private final String table;

    ReadModelCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors,
                        ReadModelFile file, String table) {
        super(database, name, options, cursors);
        this.file = file;
        this.table = table;
    }

    @Override
    protected Long addDocumentInternal(Document document) {
        byte[] bson = BsonValues.encode(document);
        return file.use(session -> {
            PreparedStatement insert = session.prepare("INSERT INTO " + table + " (document) VALUES (?) RETURNING id");
            insert.setBytes(1, bson);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        });
    }

    @Override
    protected Document getDocument(Long position) {
        return file.use(session -> {
            try {
                return document(session.prepare(selectById()), position);
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, null);
            }
        });
    }

    private String selectById() {
        return "SELECT document FROM " + table + " WHERE id = ?";
    }

    private static Document document(PreparedStatement select, long position) throws SQLException {
        select.setLong(1, position);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? BsonValues.decode(row.getBytes(1)) : null;
        }
    }

    @Override
    protected void handleUpdate(Long position, Document oldDocument, Document newDocument) {
        byte[] bson = BsonValues.encode(newDocument);
        file.use(session -> {
            PreparedStatement update = session.prepare("UPDATE " + table + " SET document = ? WHERE id = ?");
            update.setBytes(1, bson);
            update.setLong(2, position);
            return update.executeUpdate();
        });
    }

    @Override
    protected void removeDocument(Long position) {
        int removed = file.use(session -> {
            PreparedStatement delete = session.prepare("DELETE FROM " + table + " WHERE id = ?");
            delete.setLong(1, position);
            return delete.executeUpdate();
        });
        if (removed == 0) {
            throw new NoSuchElementException("No document at " + position + " in " + this);
        }
    }

    @Override
    public int count() {
        return file.use(session -> {
            try (ResultSet result = session.prepare("SELECT count(*) FROM " + table).executeQuery()) {
                result.next();
                return result.getInt(1);
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, 0);
            }
        });
    }

    @Override
    public boolean isEmpty() {
        return file.use(session -> {
            try (ResultSet result = session.prepare("SELECT 1 FROM " + table + " LIMIT 1").executeQuery()) {
                return !result.next();
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, true);
            }
        });
    }

    @Override
    protected Stream<DocumentWithPosition<Long>> streamAllDocumentsWithPosition() {
        return file.use(session -> {
            List<DocumentWithPosition<Long>> all = new ArrayList<>();
            try (ResultSet rows = session.prepare("SELECT id, document FROM " + table + " ORDER BY id").executeQuery()) {
                while (rows.next()) {
                    all.add(new DocumentWithPosition<>(BsonValues.decode(rows.getBytes(2)), rows.getLong(1)));
                }
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, all);
            }
            return all;
        }).stream();
    }

    /** A scan in row order (insertion order, as MongoDB's natural order), read as the stream is consumed. */
    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        String order = isNaturalDescending(orderBy) ? "DESC" : "ASC";
        return file.use(session -> {
            try (ResultSet rows = session.prepare("SELECT document FROM " + table + " ORDER BY id " + order).executeQuery()) {
                return matchDocumentsFromStream(documents(rows), query, orderBy, numberToSkip, limit, batchSize,
                        fieldSelector);
            } catch (SQLException e) {
                return ReadModelFile.orIfNoTable(e, matchDocumentsFromStream(Stream.empty(), query, orderBy, numberToSkip, limit,
                        batchSize, fieldSelector));
            }
        });
    }

    /** The documents at the positions an index found, in its order, on one statement. */
    @Override
    protected QueryResult matchDocuments(Document query, Iterable<Long> positions, Document orderBy, int numberToSkip,
                                         int limit, int batchSize, Document fieldSelector) {
        return file.use(session -> {
            List<Document> found = new ArrayList<>();
            try {
                PreparedStatement select = session.prepare(selectById());
                for (Long position : positions) {
                    Document document = document(select, position);
                    if (document != null) {
                        found.add(document);
                    }
                }
            } catch (SQLException e) {
                ReadModelFile.orIfNoTable(e, found);
            }
            return matchDocumentsFromStream(found.stream(), query, orderBy, numberToSkip, limit, batchSize,
                    fieldSelector);
        });
    }

    private static Stream<Document> documents(ResultSet rows) {
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<Document>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super Document> action) {
                try {
                    if (!rows.next()) {
                        return false;
                    }
                    action.accept(BsonValues.decode(rows.getBytes(1)));
                    return true;
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot read " + rows, e);
                }
            }
        }, false);
    }


    @Override
    public void drop() {
        super.drop();
        file.use(session -> {
            session.execute("DROP TABLE IF EXISTS " + table);
            return null;
        });
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
    }

    @Override
    protected int getDataSize() {
        return 0;
    }
}
