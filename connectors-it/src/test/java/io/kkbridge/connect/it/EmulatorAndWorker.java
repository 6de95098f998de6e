package io.kkbridge.connect.it;

import java.util.Map;

import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;

/**
 * What the source ITs run on: a Kinesis emulator and a one-worker Connect cluster with exactly-once source support,
 * started once per test class and closed in reverse order.
 */
record EmulatorAndWorker(KinesisEmulator kinesis, ConnectCluster connect) implements AutoCloseable {

    static EmulatorAndWorker start(KinesisEmulator.Kind kind) {
        KinesisEmulator kinesis = KinesisEmulator.start(kind);
        try {
            return new EmulatorAndWorker(kinesis,
                    ConnectCluster.start(1, Map.of("exactly.once.source.support", "enabled")));
        } catch (RuntimeException e) {
            kinesis.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            connect.close();
        } finally {
            kinesis.close();
        }
    }
}
