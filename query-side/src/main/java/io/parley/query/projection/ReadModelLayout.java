package io.parley.query.projection;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the conversations read model when it was written in an earlier layout: just before the processors start,
 * the layout version the documents were written in ({@link ReadModels#LAYOUTS}) is compared with this version's, and
 * on a difference the processor is reset, which drops its collections and replays the event store into the current
 * layout. A store with conversation documents but no version is of the first layout.
 */
@Component
class ReadModelLayout implements ConfigurerModule {

    /**
     * 3: a member's {@code ownAboveRead} is always a number (2 may hold some as a list of seqs); 2: messages and
     * sync-feed entries in buckets of 8 (1: of 64). Handlers write only the current layout: a change of it is a new
     * version here, and the rebuild takes the store to it.
     */
    static final int CONVERSATIONS_LAYOUT = 3;

    private static final Logger log = LoggerFactory.getLogger(ReadModelLayout.class);
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    /** A {@link ReadModels#LAYOUTS} document: the layout version a processor's documents were written in. */
    record Layout(@Id String processingGroup, int version) {
    }

    private final MongoTemplate mongo;

    ReadModelLayout(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1,
                () -> upgrade(config.eventProcessingConfiguration())));
    }

    private void upgrade(EventProcessingConfiguration processing) {
        String group = ProcessingGroups.CONVERSATIONS;
        Layout stored = mongo.findById(group, Layout.class, ReadModels.LAYOUTS);
        int storedLayout = stored != null ? stored.version()
                : mongo.getDb().getCollection(ReadModels.SYNC_HEADS).find().first() != null ? 1 : CONVERSATIONS_LAYOUT;
        if (storedLayout != CONVERSATIONS_LAYOUT) {
            log.info("The {} read model is in layout {}, this version writes layout {}: rebuilding it from the events",
                    group, storedLayout, CONVERSATIONS_LAYOUT);
            processing.eventProcessor(group, StreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("No processor " + group))
                    .resetTokens();
        }
        mongo.getDb().getCollection(ReadModels.LAYOUTS).replaceOne(Filters.eq("_id", group),
                StagedRecords.stored(mongo, new Layout(group, CONVERSATIONS_LAYOUT)), UPSERT);
    }
}
