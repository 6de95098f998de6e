package io.kkbridge.sandbox.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.kkbridge.sandbox.SandboxEnvironment;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@link PipelineEndToEndContract} on this machine's real parts: kinesalite, the local Firehose endpoint, a Kafka
 * broker and a Connect worker running the connectors from the plugin ZIP, and the Streams app (the sandbox's
 * {@link SandboxEnvironment}).
 */
class EmbeddedPipelineIT extends PipelineEndToEndContract {

    private static SandboxEnvironment environment;

    @BeforeAll
    static void start() throws Exception {
        Path firehose = Files.createTempDirectory(Files.createDirectories(Path.of("target", "e2e-firehose")), "run-");
        environment = SandboxEnvironment.start(new SandboxEnvironment.Options(KinesisEmulator.Kind.KINESALITE,
                Path.of("connectors"), Path.of("target", "plugins"), firehose, Map.of()), line -> { });
    }

    @AfterAll
    static void stop() {
        if (environment != null) {
            environment.close();
        }
    }

    @Override
    RunningPipeline pipeline() {
        return new RunningPipeline() {
            @Override
            public KinesisClient kinesis() {
                return environment.kinesis().client();
            }

            @Override
            public String bootstrapServers() {
                return environment.bootstrapServers();
            }

            @Override
            public List<String> firehoseRecords(String deliveryStream) {
                environment.firehose().flush();
                String delivered = new String(environment.firehose().deliveredBytes(deliveryStream),
                        StandardCharsets.UTF_8);
                return Arrays.stream(delivered.split("\n")).filter(line -> !line.isEmpty()).toList();
            }
        };
    }
}
