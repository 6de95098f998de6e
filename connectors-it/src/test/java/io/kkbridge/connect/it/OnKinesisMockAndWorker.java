package io.kkbridge.connect.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;

/** For test classes that run on kinesis-mock (resharding, enhanced fan-out) and one exactly-once Connect worker. */
abstract class OnKinesisMockAndWorker {

    static KinesisEmulator kinesis;
    static ConnectCluster connect;
    private static EmulatorAndWorker environment;

    @BeforeAll
    static void startKinesisMockAndWorker() {
        environment = EmulatorAndWorker.start(KinesisEmulator.Kind.KINESIS_MOCK);
        kinesis = environment.kinesis();
        connect = environment.connect();
    }

    @AfterAll
    static void stopKinesisMockAndWorker() {
        if (environment != null) {
            environment.close();
            environment = null;
        }
    }
}
