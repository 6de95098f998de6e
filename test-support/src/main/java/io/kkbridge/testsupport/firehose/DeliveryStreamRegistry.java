package io.kkbridge.testsupport.firehose;

import java.time.Clock;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The double's delivery streams by name, kept sorted because ListDeliveryStreams pages through names in order. */
final class DeliveryStreamRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamRegistry.class);

    private final NavigableMap<String, DeliveryStream> streams = new ConcurrentSkipListMap<>();
    private final String region;
    private final Clock clock;
    private final DeliveryFolder folder;
    private final DeliveryLog log;

    DeliveryStreamRegistry(String region, Clock clock, DeliveryFolder folder, DeliveryLog log) {
        this.region = region;
        this.clock = clock;
        this.folder = folder;
        this.log = log;
    }

    DeliveryStream create(DeliveryStreamConfig config) {
        String arn = "arn:aws:firehose:" + region + ":" + LocalFirehose.ACCOUNT_ID + ":deliverystream/" + config.name();
        DeliveryStream stream = new DeliveryStream(config, arn, clock.instant(), folder, log);
        if (streams.putIfAbsent(config.name(), stream) != null) {
            throw FirehoseError.resourceInUse("Firehose stream " + config.name() + " under account "
                    + LocalFirehose.ACCOUNT_ID + " already exists.");
        }
        LOG.info("Firehose test double: created delivery stream {} -> s3://{}/{} (buffering {} MiB / {} s)",
                config.name(), config.bucket(), config.prefix(), config.bufferingHints().sizeInMBs(),
                config.bufferingHints().intervalInSeconds());
        return stream;
    }

    DeliveryStream get(String name) {
        DeliveryStream stream = streams.get(name);
        if (stream == null) {
            throw notFound(name);
        }
        return stream;
    }

    /** Delivers what the stream still buffers before forgetting it, so a test loses no accepted record. */
    void delete(String name) {
        DeliveryStream stream = streams.remove(name);
        if (stream == null) {
            throw notFound(name);
        }
        stream.flushAndRetire();
        LOG.info("Firehose test double: deleted delivery stream {}", name);
    }

    /** Names after {@code exclusiveStart} (all when null), in order. */
    List<String> namesAfter(String exclusiveStart) {
        NavigableMap<String, DeliveryStream> page = exclusiveStart == null
                ? streams : streams.tailMap(exclusiveStart, false);
        return List.copyOf(page.keySet());
    }

    List<DeliveryStream> all() {
        return List.copyOf(streams.values());
    }

    private static FirehoseError notFound(String name) {
        return FirehoseError.resourceNotFound("Firehose stream " + name + " under account "
                + LocalFirehose.ACCOUNT_ID + " not found.");
    }
}
