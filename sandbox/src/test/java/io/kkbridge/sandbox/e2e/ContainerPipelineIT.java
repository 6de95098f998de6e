package io.kkbridge.sandbox.e2e;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.localstack.LocalStackContainer;

import io.kkbridge.sandbox.EmbeddedStreamsApp;
import io.kkbridge.sandbox.PipelineProvisioner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link PipelineEndToEndContract} on containers, wherever Docker runs (it is skipped cleanly where it does not,
 * as on the project's build machines): Apache Kafka in a container, LocalStack for Kinesis, Firehose and S3, a
 * Connect worker in this JVM with the plugin ZIP on its plugin.path, and the Streams app.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerPipelineIT extends PipelineEndToEndContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4")
            .withServices("kinesis", "firehose", "s3");

    private static Connect<DistributedHerder> connect;
    private static EmbeddedStreamsApp streamsApp;
    private static KinesisClient kinesis;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        kinesis = KinesisClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                .credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build();
        s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).forcePathStyle(true)
                .credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build();
        s3.createBucket(b -> b.bucket(PipelineProvisioner.BUCKET));

        PipelineProvisioner provisioner = new PipelineProvisioner(line -> { });
        provisioner.createKinesisStreams(kinesis);
        try (FirehoseClient firehose = FirehoseClient.builder().endpointOverride(LOCALSTACK.getEndpoint())
                .region(region).credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build()) {
            provisioner.createDeliveryStreams(firehose);
        }
        streamsApp = new EmbeddedStreamsApp(KAFKA.getBootstrapServers(), Map.of());
        provisioner.createTopics(KAFKA.getBootstrapServers(), streamsApp.topics());
        streamsApp.start();
        connect = startWorker(KAFKA.getBootstrapServers(), Path.of("target", "plugins"));
        URI rest = connect.rest().serverUrl();
        provisioner.registerConnectors(rest, Path.of("connectors"), Map.of(
                "AWS_REGION", LOCALSTACK.getRegion(),
                "KINESIS_ENDPOINT", LOCALSTACK.getEndpoint().toString(),
                "FIREHOSE_ENDPOINT", LOCALSTACK.getEndpoint().toString(),
                "AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey(),
                "AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey()));
    }

    private static Connect<DistributedHerder> startWorker(String bootstrapServers, Path pluginDir) {
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("group.id", "kkbridge-e2e");
        worker.put("listeners", "http://127.0.0.1:0");
        worker.put("plugin.path", pluginDir.toAbsolutePath().toString());
        worker.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        for (String store : List.of("config", "offset", "status")) {
            worker.put(store + ".storage.topic", "kkbridge-e2e-" + store + "s");
            worker.put(store + ".storage.replication.factor", "1");
        }
        worker.put("offset.flush.interval.ms", "1000");
        return new ConnectDistributed().startConnect(worker);
    }

    @AfterAll
    static void stop() throws Exception {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
        }
        if (streamsApp != null) {
            streamsApp.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    RunningPipeline pipeline() {
        return new RunningPipeline() {
            @Override
            public KinesisClient kinesis() {
                return kinesis;
            }

            @Override
            public String bootstrapServers() {
                return KAFKA.getBootstrapServers();
            }

            @Override
            public List<String> firehoseRecords(String deliveryStream) {
                List<String> records = new ArrayList<>();
                for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(PipelineProvisioner.BUCKET)
                        .prefix(deliveryStream + "/")).contents()) {
                    ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b
                            .bucket(PipelineProvisioner.BUCKET).key(object.key()));
                    Arrays.stream(new String(bytes.asByteArray(), StandardCharsets.UTF_8).split("\n"))
                            .filter(line -> !line.isEmpty()).forEach(records::add);
                }
                return records;
            }
        };
    }
}
