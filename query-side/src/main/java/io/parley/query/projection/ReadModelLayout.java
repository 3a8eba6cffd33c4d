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

import java.util.List;

/**
 * Rebuilds a processor's read model when it was written in an earlier layout: just before the processors start, the
 * layout version its documents were written in ({@link ReadModels#LAYOUTS}) is compared with this version's, and on
 * a difference the processor is reset, which drops its collections and replays the event store into the current
 * layout. A store with a processor's documents but no version is of its first layout.
 */
@Component
class ReadModelLayout implements ConfigurerModule {

    /**
     * 3: a member's {@code ownAboveRead} is always a number (2 may hold some as a list of seqs); 2: messages and
     * sync-feed entries in buckets of 8 (1: of 64). Handlers write only the current layout: a change of it is a new
     * version here, and the rebuild takes the store to it.
     */
    static final int CONVERSATIONS_LAYOUT = 3;
    /** 2: analytics messages in blocks of seqs (1: one document per message). */
    static final int ANALYTICS_LAYOUT = 2;

    private static final Logger log = LoggerFactory.getLogger(ReadModelLayout.class);
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    /** A {@link ReadModels#LAYOUTS} document: the layout version a processor's documents were written in. */
    record Layout(@Id String processingGroup, int version) {
    }

    /**
     * A processor's current layout, and a collection it always writes to: documents there without a recorded version
     * are of layout 1.
     */
    private record Current(String processingGroup, int version, String writtenFirst) {
    }

    private static final List<Current> CURRENT = List.of(
            new Current(ProcessingGroups.CONVERSATIONS, CONVERSATIONS_LAYOUT, ReadModels.SYNC_HEADS),
            new Current(ProcessingGroups.ANALYTICS, ANALYTICS_LAYOUT, ReadModels.ANALYTICS_CONVERSATIONS));

    private final MongoTemplate mongo;

    ReadModelLayout(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1,
                () -> CURRENT.forEach(current -> upgrade(config.eventProcessingConfiguration(), current))));
    }

    private void upgrade(EventProcessingConfiguration processing, Current current) {
        String group = current.processingGroup();
        Layout stored = mongo.findById(group, Layout.class, ReadModels.LAYOUTS);
        int storedLayout = stored != null ? stored.version()
                : mongo.getDb().getCollection(current.writtenFirst()).find().first() != null ? 1 : current.version();
        if (storedLayout != current.version()) {
            log.info("The {} read model is in layout {}, this version writes layout {}: rebuilding it from the events",
                    group, storedLayout, current.version());
            processing.eventProcessor(group, StreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("No processor " + group))
                    .resetTokens();
        }
        mongo.getDb().getCollection(ReadModels.LAYOUTS).replaceOne(Filters.eq("_id", group),
                StagedRecords.stored(mongo, new Layout(group, current.version())), UPSERT);
    }
}
