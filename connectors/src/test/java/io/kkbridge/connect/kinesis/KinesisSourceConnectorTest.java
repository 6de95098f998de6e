package io.kkbridge.connect.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.kinesis.source.FakeFanOutProxy;
import io.kkbridge.connect.kinesis.source.FakeKinesisProxy;
import io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation;
import io.kkbridge.connect.kinesis.source.InMemoryOffsets;
import io.kkbridge.connect.kinesis.source.KinesisSourceTask;
import io.kkbridge.connect.kinesis.source.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KinesisSourceConnectorTest {

    private final FakeKinesisProxy kinesis = new FakeKinesisProxy(new MutableClock(Instant.parse("2024-05-01T00:00:00Z")));
    private final InMemoryOffsets offsets = new InMemoryOffsets();
    private final RecordingContext context = new RecordingContext(offsets);
    private final KinesisSourceConnector connector = new KinesisSourceConnector(config -> kinesis);

    @AfterEach
    void stop() {
        connector.stop();
    }

    private static Map<String, String> props(String streams) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "orders-source");
        props.put("kinesis.streams", streams);
        props.put("aws.region", "eu-west-1");
        return props;
    }

    private void start(Map<String, String> props) {
        connector.initialize(context);
        connector.start(props);
    }

    @Test
    void shouldDeclareExactlyOnceSupport() {
        assertThat(connector.exactlyOnceSupport(props("orders"))).isEqualTo(ExactlyOnceSupport.SUPPORTED);
    }

    @Test
    void shouldNameItsTaskClassAndVersion() {
        assertThat(connector.taskClass()).isEqualTo(KinesisSourceTask.class);
        assertThat(connector.version()).isNotBlank().isEqualTo(new KinesisSourceTask().version());
    }

    @Test
    void shouldReportEachInvalidKeyWithItsMessageInValidate() {
        Map<String, String> props = props("orders,bad name");
        props.put("kinesis.position", "AT_TIMESTAMP");
        props.put("kinesis.records.per.request", "0");
        props.put("aws.access.key.id", "AKIDEXAMPLE");

        Map<String, List<String>> errors = errors(connector.validate(props));

        assertThat(errors).containsOnlyKeys("kinesis.streams", "kinesis.position.timestamp",
                "kinesis.records.per.request", "aws.secret.access.key");
        assertThat(errors.get("kinesis.streams")).containsExactly("Invalid value [orders, bad name] for "
                + "configuration kinesis.streams: 'bad name' is not a Kinesis stream name: 1 to 128 letters, digits, "
                + "'_', '.' or '-'");
        assertThat(errors.get("kinesis.position.timestamp"))
                .containsExactly("kinesis.position.timestamp must be set when kinesis.position is AT_TIMESTAMP");
        assertThat(errors.get("kinesis.records.per.request")).containsExactly("Invalid value 0 for configuration "
                + "kinesis.records.per.request: Value must be at least 1");
        assertThat(errors.get("aws.secret.access.key")).containsExactly("aws.secret.access.key must be set when "
                + "aws.access.key.id is set: give both, or neither to use the default credentials chain");
    }

    @Test
    void shouldReportATimestampThatDoesNotApplyAndABadTopicFormat() {
        Map<String, String> props = props("orders");
        props.put("kinesis.position.timestamp", "2024-05-01T00:00:00Z");
        props.put("kafka.topic.format", "${region}.${stream}");

        Map<String, List<String>> errors = errors(connector.validate(props));

        assertThat(errors).containsOnlyKeys("kinesis.position.timestamp", "kafka.topic.format");
        assertThat(errors.get("kinesis.position.timestamp")).containsExactly("kinesis.position.timestamp only "
                + "applies when kinesis.position is AT_TIMESTAMP; set that position or remove "
                + "kinesis.position.timestamp");
        assertThat(errors.get("kafka.topic.format")).containsExactly("Invalid value ${region}.${stream} for "
                + "configuration kafka.topic.format: unknown placeholder '${region}'; the only placeholder is "
                + "${stream}");
    }

    @Test
    void shouldAcceptAValidConfigInValidate() {
        assertThat(errors(connector.validate(props("orders")))).isEmpty();
    }

    @Test
    void shouldSpreadTheShardsOverTasksCarryingTheConnectorConfig() {
        kinesis.createStream("orders", 3);
        kinesis.createStream("clicks", 2);
        start(props("orders,clicks"));

        List<Map<String, String>> configs = connector.taskConfigs(2);

        assertThat(configs).hasSize(2);
        assertThat(configs).allSatisfy(config -> assertThat(config)
                .containsEntry("name", "orders-source")
                .containsEntry("kinesis.streams", "orders,clicks")
                .containsEntry("aws.region", "eu-west-1"));
        assertThat(configs).extracting(config -> config.get("kinesis.task.index")).containsExactly("0", "1");
        assertThat(configs.get(0).get("kinesis.task.shards")).isEqualTo("orders/shardId-000000000000/,"
                + "orders/shardId-000000000002/,clicks/shardId-000000000001/");
        assertThat(configs.get(1).get("kinesis.task.shards")).isEqualTo("orders/shardId-000000000001/,"
                + "clicks/shardId-000000000000/");
        assertThat(connector.taskConfigs(10)).hasSize(5);
    }

    private Map<String, String> fanOutProps(String streams) {
        Map<String, String> props = props(streams);
        props.put("kinesis.consumer.type", "EFO");
        return props;
    }

    @Test
    void shouldFindOrRegisterTheConsumerOfEachStreamAndHandTheArnsAndClosedShardsToTheTasks() {
        List<String> orders = kinesis.createStream("orders", 1);
        kinesis.split("orders", orders.get(0));
        kinesis.createStream("clicks", 1);
        FakeFanOutProxy fanOut = new FakeFanOutProxy();
        fanOut.creatingDescribes = 0;
        String ordersArn = fanOut.addActiveConsumer("orders", "orders-source");
        KinesisSourceConnector efo = new KinesisSourceConnector(config -> kinesis, config -> fanOut);
        efo.initialize(context);
        efo.start(fanOutProps("orders,clicks"));

        List<Map<String, String>> configs = efo.taskConfigs(2);
        efo.stop();

        assertThat(fanOut.calls(FakeFanOutProxy.Operation.REGISTER)).as("only clicks lacked one").isEqualTo(1);
        String clicksArn = FakeFanOutProxy.arnOf("clicks") + "/consumer/orders-source:1700000101";
        assertThat(configs).allSatisfy(config -> assertThat(config.get("kinesis.task.consumer.arns"))
                .isEqualTo("clicks=" + clicksArn + ",orders=" + ordersArn));
        assertThat(configs).extracting(config -> config.get("kinesis.task.closed.shards"))
                .containsExactlyInAnyOrder("orders/shardId-000000000000", "");
        assertThat(fanOut.deregistered()).as("not asked to deregister").isEmpty();
        assertThat(fanOut.closeCount()).isEqualTo(1);
        start(props("orders,clicks"));
        assertThat(connector.taskConfigs(1).get(0)).as("polling needs none")
                .doesNotContainKeys("kinesis.task.consumer.arns", "kinesis.task.closed.shards");
    }

    @Test
    void shouldDeregisterTheConsumersAtStopOnlyWhenConfigured() {
        kinesis.createStream("orders", 1);
        FakeFanOutProxy fanOut = new FakeFanOutProxy();
        String arn = fanOut.addActiveConsumer("orders", "bridge");
        Map<String, String> props = fanOutProps("orders");
        props.put("kinesis.efo.consumer.name", "bridge");
        props.put("kinesis.efo.consumer.deregister.on.stop", "true");
        KinesisSourceConnector efo = new KinesisSourceConnector(config -> kinesis, config -> fanOut);
        efo.initialize(context);
        efo.start(props);

        efo.stop();

        assertThat(fanOut.deregistered()).containsExactly(arn);
    }

    @Test
    void shouldFailToStartNamingAConsumerThatMustExistAndCloseTheClients() {
        kinesis.createStream("orders", 1);
        FakeFanOutProxy fanOut = new FakeFanOutProxy();
        Map<String, String> props = fanOutProps("orders");
        props.put("kinesis.efo.consumer.register", "false");
        KinesisSourceConnector efo = new KinesisSourceConnector(config -> kinesis, config -> fanOut);
        efo.initialize(context);

        assertThatThrownBy(() -> efo.start(props)).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("Stream consumer 'orders-source' of Kinesis stream 'orders' does not exist, "
                        + "and kinesis.efo.consumer.register=false");
        assertThat(fanOut.closeCount()).isEqualTo(1);
        assertThat(kinesis.closeCount()).isEqualTo(1);
    }

    @Test
    void shouldRequestReconfigurationWhenDiscoveryFindsNewShardsAndAssignThemWithTheirParent() {
        List<String> shards = kinesis.createStream("orders", 2);
        start(props("orders"));
        connector.discoverShards();
        int reconfigurationsWithoutChange = context.reconfigurations.get();

        List<String> children = kinesis.split("orders", shards.get(0));
        connector.discoverShards();
        connector.discoverShards();

        assertThat(reconfigurationsWithoutChange).isZero();
        assertThat(context.reconfigurations.get()).isEqualTo(1);
        List<Map<String, String>> configs = connector.taskConfigs(2);
        assertThat(configs).extracting(config -> config.get("kinesis.task.shards")).containsExactly(
                "orders/" + shards.get(0) + "/,orders/" + children.get(0) + "/" + shards.get(0) + ",orders/"
                        + children.get(1) + "/" + shards.get(0),
                "orders/" + shards.get(1) + "/");
        assertThat(configs.get(0).get("kinesis.task.new.shards"))
                .isEqualTo("orders/" + children.get(0) + ",orders/" + children.get(1));
    }

    @Test
    void shouldDiscoverShardsInTheBackgroundAtTheConfiguredInterval() throws Exception {
        List<String> shards = kinesis.createStream("orders", 1);
        Map<String, String> props = props("orders");
        props.put("kinesis.shard.discovery.interval.ms", "1000");
        start(props);
        kinesis.split("orders", shards.get(0));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (context.reconfigurations.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(context.reconfigurations.get()).isEqualTo(1);
        assertThat(context.errors).isEmpty();
    }

    @Test
    void shouldLeaveOutClosedShardsWhoseOffsetMarksTheirEnd() {
        List<String> shards = kinesis.createStream("orders", 1);
        String last = kinesis.put("orders", shards.get(0), "k", "v");
        List<String> children = kinesis.split("orders", shards.get(0));
        offsets.put("orders", shards.get(0), Map.of("sequence", last, "end", true));
        start(props("orders"));

        assertThat(connector.taskConfigs(1)).extracting(config -> config.get("kinesis.task.shards"))
                .containsExactly("orders/" + children.get(0) + "/,orders/" + children.get(1) + "/");
    }

    @Test
    void shouldFailToStartNamingAMissingStreamAndTheSetting() {
        kinesis.createStream("orders", 1);

        assertThatThrownBy(() -> start(props("orders,ordres")))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("Kinesis stream 'ordres' was not found in region eu-west-1")
                .hasMessageEndingWith("Check kinesis.streams and aws.region");
        connector.stop(); // as the worker does after a failed start
        assertThat(kinesis.closeCount()).isEqualTo(1);
    }

    @Test
    void shouldRaiseAnErrorWhenDiscoveryFindsTheStreamGone() {
        kinesis.createStream("orders", 1);
        start(props("orders"));
        kinesis.deleteStream("orders");

        connector.discoverShards();

        assertThat(context.errors).hasSize(1);
        assertThat(context.errors.get(0)).isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("Kinesis stream 'orders' was not found");
        assertThat(context.reconfigurations.get()).isZero();
    }

    @Test
    void shouldKeepTheConnectorRunningWhenDiscoveryIsThrottled() {
        kinesis.createStream("orders", 1);
        Map<String, String> props = props("orders");
        props.put("aws.retry.max.attempts", "1");
        start(props);
        kinesis.failNext(Operation.LIST_SHARDS, null, FakeKinesisProxy.throttled());

        connector.discoverShards();

        assertThat(context.errors).isEmpty();
        assertThat(context.reconfigurations.get()).isZero();
    }

    @Test
    void shouldStopDiscoveryAndCloseTheClientPromptly() {
        kinesis.createStream("orders", 1);
        start(props("orders"));

        long started = System.nanoTime();
        connector.stop();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
        assertThat(kinesis.closeCount()).isEqualTo(1);
    }

    @Test
    void shouldAcceptOffsetsInItsLayoutAndResets() {
        Map<Map<String, ?>, Map<String, ?>> altered = new LinkedHashMap<>();
        altered.put(Map.of("stream", "orders", "shard", "shardId-000000000000"),
                Map.of("sequence", "49000000000000000000000000000001", "sub", 2));
        altered.put(Map.of("stream", "orders", "shard", "shardId-000000000001"), null);

        assertThat(connector.alterOffsets(props("orders"), altered)).isTrue();
    }

    @Test
    void shouldRefuseOffsetsOfAnotherLayout() {
        Map<Map<String, ?>, Map<String, ?>> badPartition = new HashMap<>();
        badPartition.put(Map.of("stream", "orders"), Map.of("sequence", "49000000000000000000000000000001"));
        Map<Map<String, ?>, Map<String, ?>> badOffset = new HashMap<>();
        badOffset.put(Map.of("stream", "orders", "shard", "shardId-000000000000"), Map.of("position", "latest"));

        assertThatThrownBy(() -> connector.alterOffsets(props("orders"), badPartition))
                .isInstanceOf(ConnectException.class).hasMessageContaining("a source partition must be");
        assertThatThrownBy(() -> connector.alterOffsets(props("orders"), badOffset))
                .isInstanceOf(ConnectException.class).hasMessageContaining("unknown key 'position'");
    }

    private static Map<String, List<String>> errors(Config config) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ConfigValue value : config.configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    private static final class RecordingContext implements SourceConnectorContext {
        final AtomicInteger reconfigurations = new AtomicInteger();
        final List<Exception> errors = new ArrayList<>();
        private final OffsetStorageReader offsets;

        RecordingContext(OffsetStorageReader offsets) {
            this.offsets = offsets;
        }

        @Override
        public void requestTaskReconfiguration() {
            reconfigurations.incrementAndGet();
        }

        @Override
        public synchronized void raiseError(Exception e) {
            errors.add(e);
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return offsets;
        }
    }
}
