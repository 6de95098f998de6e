package io.kkbridge.sandbox.tools.generate;

import io.kkbridge.testsupport.data.EventGenerator;

/** Data-lake events with 113 event types ({@link EventGenerator}), keyed by {@code event_uuid}. */
public final class EventRecords implements RecordGenerator {

    private final EventGenerator generator;

    public EventRecords(EventGenerator generator) {
        this.generator = generator;
    }

    @Override
    public GeneratedRecord next() {
        EventGenerator.Event event = generator.next();
        return new GeneratedRecord(event.uuid(), event.json());
    }
}
