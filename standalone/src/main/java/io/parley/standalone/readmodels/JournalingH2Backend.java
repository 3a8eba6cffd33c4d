package io.parley.standalone.readmodels;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 file backend of mongo-java-server, honouring the journaled write concern ({@code j: true}) as MongoDB
 * does: the write is committed to the file before it is acknowledged. Without that the store commits about once
 * a second, and a {@code kill -9} could lose read-model writes whose event processor token is already stored.
 */
final class JournalingH2Backend extends H2Backend {

    JournalingH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (query.get("writeConcern") instanceof Document writeConcern && Boolean.TRUE.equals(writeConcern.get("j"))) {
            commit();
        }
        return response;
    }
}
