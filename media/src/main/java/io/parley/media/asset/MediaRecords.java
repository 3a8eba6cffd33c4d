package io.parley.media.asset;

import io.parley.api.media.MediaId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads a media's state from its own event stream, which stays a handful of events long. */
@Component
public class MediaRecords {

    private final EventStore eventStore;

    MediaRecords(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public Optional<MediaRecord> find(MediaId mediaId) {
        MediaRecord record = null;
        DomainEventStream events = eventStore.readEvents(mediaId.value());
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            record = MediaRecord.fold(record, event.getPayload());
        }
        return Optional.ofNullable(record);
    }
}
