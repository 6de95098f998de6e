package io.kkbridge.testsupport.firehose;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery stream of the double: its configuration and identity, its buffer, and the delivery of full or
 * due objects. Buffering and writing happen under one lock so objects reach the folder and the log in the order
 * their records were put.
 */
final class DeliveryStream {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStream.class);

    /** Firehose starts every stream at version 1 and bumps it only on UpdateDestination, which the double lacks. */
    static final String VERSION_ID = "1";

    private final DeliveryStreamConfig config;
    private final String arn;
    private final Instant createdAt;
    private final DeliveryBuffer buffer;
    private final DeliveryFolder folder;
    private final DeliveryLog log;
    private boolean deleted;

    DeliveryStream(DeliveryStreamConfig config, String arn, Instant createdAt, DeliveryFolder folder,
                   DeliveryLog log) {
        this.config = config;
        this.arn = arn;
        this.createdAt = createdAt;
        this.buffer = new DeliveryBuffer(config.bufferingHints());
        this.folder = folder;
        this.log = log;
    }

    DeliveryStreamConfig config() {
        return config;
    }

    String name() {
        return config.name();
    }

    String arn() {
        return arn;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized void put(List<byte[]> records, Instant arrival) {
        if (deleted) {
            // A put that looked the stream up just before a concurrent delete must not vanish into a dead buffer.
            throw FirehoseError.resourceNotFound("Firehose stream " + name() + " was deleted.");
        }
        buffer.append(records, arrival).forEach(this::deliver);
    }

    synchronized void deliverIfDue(Instant now) {
        buffer.takeIfDue(now).ifPresent(this::deliver);
    }

    synchronized void flush() {
        buffer.takeAll().ifPresent(this::deliver);
    }

    /** Delivers what is buffered and refuses records from now on. */
    synchronized void flushAndRetire() {
        flush();
        deleted = true;
    }

    private void deliver(PendingObject object) {
        String key = ObjectKeyLayout.objectKey(
                config.prefix(), config.name(), VERSION_ID, object.oldestArrival(), UUID.randomUUID());
        var file = folder.write(config.bucket(), key, object.data());
        log.add(new DeliveredObject(config.name(), config.bucket(), key, file, object.recordSizes(),
                object.oldestArrival()));
        LOG.debug("Delivered s3://{}/{} ({} records, {} bytes)",
                config.bucket(), key, object.recordSizes().size(), object.data().length);
    }
}
