package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;

/**
 * The value type of the read-model store's collections: documents as BSON ({@link BsonValues}), the form
 * mongo-java-server gives them on the wire. H2's default type Java-serializes every document of a page each time the
 * page is written (a new ObjectOutputStream per document): under load that was a third of all the application
 * allocated, and so of its garbage-collection pauses. Documents an earlier version stored in Java's form are still
 * read; each is written as BSON the next time its page is.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    private final ObjectDataType javaSerialized = new ObjectDataType();
    /** Encoded size, averaged: H2's page-size and cache accounting asks for every value, so it must be cheap. */
    private volatile int averageSize = 1024;

    @Override
    public int getMemory(Document document) {
        return averageSize;
    }

    @Override
    public void write(WriteBuffer out, Document document) {
        int size = BsonValues.write(out, document);
        averageSize = (averageSize * 15 + size) / 16;
    }

    @Override
    public Document read(ByteBuffer in) {
        return BsonValues.isNext(in) ? BsonValues.read(in) : (Document) javaSerialized.read(in);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
