package io.kkbridge.testsupport.firehose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects delivered per stream name, in delivery order. Object keys only carry second precision, so the
 * folder alone cannot tell the order; tests need it to compare delivered records with what was put. The log
 * outlives a deleted stream so a test can still inspect what it delivered.
 */
final class DeliveryLog {

    private final Map<String, List<DeliveredObject>> byStream = new ConcurrentHashMap<>();

    void add(DeliveredObject object) {
        List<DeliveredObject> objects =
                byStream.computeIfAbsent(object.deliveryStreamName(), name -> new ArrayList<>());
        synchronized (objects) {
            objects.add(object);
        }
    }

    List<DeliveredObject> objects(String streamName) {
        List<DeliveredObject> objects = byStream.get(streamName);
        if (objects == null) {
            return List.of();
        }
        synchronized (objects) {
            return List.copyOf(objects);
        }
    }
}
