package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kkbridge.connect.firehose.FirehoseSinkConfig;
import io.kkbridge.connect.kinesis.sink.KinesisSinkConfig;
import io.kkbridge.connect.kinesis.source.KinesisSourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each connector configuration under deploy/msk-connect is a CreateConnector request (the body of
 * {@code aws kafkaconnect create-connector --cli-input-json}) whose connectorConfiguration the connector's own
 * {@code validate()} accepts, holding only keys that the connector or a Kafka Connect 3.7 worker defines.
 */
class ConnectorConfigurationTest {

    /** CreateConnector request members (MSK Connect API reference, CreateConnector "Request Syntax"). */
    private static final Set<String> REQUIRED_MEMBERS = Set.of("capacity", "connectorConfiguration", "connectorName",
            "kafkaCluster", "kafkaClusterClientAuthentication", "kafkaClusterEncryptionInTransit",
            "kafkaConnectVersion", "plugins", "serviceExecutionRoleArn");
    private static final Set<String> OPTIONAL_MEMBERS = Set.of("connectorDescription", "logDelivery",
            "workerConfiguration", "tags");

    static List<String> connectorFiles() {
        List<String> files = DeployFiles.connectorFiles();
        assertThat(files).containsExactlyInAnyOrder("msk-connect/firehose-sink-events.json",
                "msk-connect/kinesis-sink-user-activity.json", "msk-connect/kinesis-source.json");
        return files;
    }

    @ParameterizedTest
    @MethodSource("connectorFiles")
    void shouldBeACreateConnectorRequestForKafkaConnect37WithIamAndTls(String file) {
        JsonNode request = DeployFiles.renderedJson(file);

        Set<String> members = new TreeSet<>();
        request.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsAll(REQUIRED_MEMBERS);
        Set<String> unknown = new TreeSet<>(members);
        unknown.removeAll(REQUIRED_MEMBERS);
        unknown.removeAll(OPTIONAL_MEMBERS);
        assertThat(unknown).as("members CreateConnector does not take").isEmpty();

        assertThat(request.get("kafkaConnectVersion").asText()).isEqualTo("3.7.x");
        assertThat(request.at("/kafkaClusterClientAuthentication/authenticationType").asText()).isEqualTo("IAM");
        assertThat(request.at("/kafkaClusterEncryptionInTransit/encryptionType").asText()).isEqualTo("TLS");
        JsonNode cluster = request.at("/kafkaCluster/apacheKafkaCluster");
        // IAM-authenticated TLS listener of MSK brokers
        for (String server : cluster.get("bootstrapServers").asText().split(",")) {
            assertThat(server).endsWith(":9098");
        }
        assertThat(cluster.at("/vpc/subnets")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(cluster.at("/vpc/securityGroups")).isNotEmpty();
        assertThat(request.get("plugins")).hasSize(1);
        assertThat(request.at("/plugins/0/customPlugin/customPluginArn").asText())
                .startsWith("arn:aws:kafkaconnect:" + DeployFiles.REGION + ":" + DeployFiles.ACCOUNT + ":custom-plugin/");
        assertThat(request.at("/plugins/0/customPlugin/revision").isIntegralNumber()).isTrue();
        assertThat(request.at("/workerConfiguration/workerConfigurationArn").asText())
                .contains(":worker-configuration/");
        assertThat(request.at("/workerConfiguration/revision").isIntegralNumber()).isTrue();
        assertThat(request.get("serviceExecutionRoleArn").asText())
                .isEqualTo("arn:aws:iam::" + DeployFiles.ACCOUNT + ":role/kkbridge-msk-connect");
        assertThat(request.at("/logDelivery/workerLogDelivery/cloudWatchLogs/enabled").asBoolean()).isTrue();
        assertThat(request.at("/logDelivery/workerLogDelivery/cloudWatchLogs/logGroup").asText())
                .isEqualTo(CloudFormationTemplateTest.template().resourceProperty("MskConnectLogGroup", "LogGroupName"));
        assertCapacity(request.get("capacity"));
    }

    private static void assertCapacity(JsonNode capacity) {
        Set<String> kinds = new TreeSet<>();
        capacity.fieldNames().forEachRemaining(kinds::add);
        assertThat(kinds).as("exactly one of autoScaling and provisionedCapacity").hasSize(1)
                .isSubsetOf("autoScaling", "provisionedCapacity");
        JsonNode kind = capacity.elements().next();
        assertThat(kind.get("mcuCount").asInt()).isIn(1, 2, 4, 8);
        if (capacity.has("autoScaling")) {
            assertThat(kind.get("minWorkerCount").asInt()).isBetween(1, kind.get("maxWorkerCount").asInt());
            assertThat(kind.get("maxWorkerCount").asInt()).isBetween(1, 10);
            assertThat(kind.at("/scaleInPolicy/cpuUtilizationPercentage").asInt())
                    .isLessThan(kind.at("/scaleOutPolicy/cpuUtilizationPercentage").asInt());
        } else {
            assertThat(kind.get("workerCount").asInt()).isBetween(1, 10);
        }
    }

    @ParameterizedTest
    @MethodSource("connectorFiles")
    void shouldPassTheConnectorsOwnValidation(String file) throws Exception {
        Map<String, String> config = DeployFiles.connectorConfiguration(DeployFiles.renderedJson(file));
        Connector connector = connector(config);

        Config validated = connector.validate(config);

        List<String> errors = new ArrayList<>();
        for (ConfigValue value : validated.configValues()) {
            value.errorMessages().forEach(message -> errors.add(value.name() + ": " + message));
        }
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("connectorFiles")
    void shouldHoldOnlyKeysTheConnectorOrAConnect37WorkerDefines(String file) throws Exception {
        Map<String, String> config = DeployFiles.connectorConfiguration(DeployFiles.renderedJson(file));
        Connector connector = connector(config);
        ConfigDef workerKeys = connector instanceof SinkConnector
                ? SinkConnectorConfig.configDef() : SourceConnectorConfig.configDef();

        // validate() ignores keys it does not know: a misspelt key would pass it and silently keep its default
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(connector.config().names());
        unknown.removeAll(workerKeys.names());
        assertThat(unknown).isEmpty();

        List<String> workerErrors = new ArrayList<>();
        for (ConfigValue value : workerKeys.validate(config)) {
            if (config.containsKey(value.name())) {
                value.errorMessages().forEach(message -> workerErrors.add(value.name() + ": " + message));
            }
        }
        assertThat(workerErrors).isEmpty();
        if (connector instanceof SinkConnector) {
            SinkConnectorConfig.validate(config); // topics vs topics.regex vs the dead-letter topic
        }
    }

    @ParameterizedTest
    @MethodSource("connectorFiles")
    void shouldPassValueBytesUnchangedEvenOnMskConnectsDefaultWorkerConfiguration(String file) {
        Map<String, String> config = DeployFiles.connectorConfiguration(DeployFiles.renderedJson(file));
        var worker = DeployFiles.properties("msk-connect/worker-configuration.properties");

        // MSK Connect's default worker configuration uses StringConverter for values, which writes "[B@1a2b3c"
        assertThat(config).containsEntry("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
                .containsEntry("value.converter", worker.getProperty("value.converter"))
                .containsEntry("key.converter", worker.getProperty("key.converter"));
    }

    @Test
    void shouldAskNothingOfTheExactlyOnceSourceSupportMskConnectDoesNotRun() {
        Map<String, String> config = DeployFiles.connectorConfiguration(
                DeployFiles.renderedJson("msk-connect/kinesis-source.json"));

        assertThat(config).doesNotContainKeys(SourceConnectorConfig.EXACTLY_ONCE_SUPPORT_CONFIG,
                SourceConnectorConfig.TRANSACTION_BOUNDARY_CONFIG, "offsets.storage.topic");
        assertThat(DeployFiles.properties("msk-connect/worker-configuration.properties"))
                .doesNotContainKey("exactly.once.source.support");
    }

    @Test
    void shouldCreateEveryTopicTheConnectorsReadOrWrite() {
        Set<String> topics = new TreeSet<>();
        for (String file : connectorFiles()) {
            topics.addAll(kafkaTopics(DeployFiles.connectorConfiguration(DeployFiles.renderedJson(file))));
        }

        assertThat(topics).containsExactlyInAnyOrder("user-activity.raw", "events.raw", "kinesis-source.dlq",
                "user-activity.usa", "user-activity.international", "kinesis-sink.dlq", "events.enriched",
                "firehose-sink.dlq");
        assertThat(DeployFiles.topicsToCreate().keySet()).containsAll(topics);
    }

    @Test
    void shouldNameOnlyAwsResourcesTheCloudFormationTemplateCreates() {
        CloudFormationTemplate template = CloudFormationTemplateTest.template();
        Set<String> kinesisStreams = new LinkedHashSet<>();
        Set<String> deliveryStreams = new LinkedHashSet<>();
        for (String file : connectorFiles()) {
            Map<String, String> config = DeployFiles.connectorConfiguration(DeployFiles.renderedJson(file));
            awsResources(config, kinesisStreams, deliveryStreams);
        }

        assertThat(kinesisStreams).containsExactlyInAnyOrder("user-activity", "events", "user-activity-usa",
                "user-activity-international");
        assertThat(template.namesOf("AWS::Kinesis::Stream", "Name")).containsAll(kinesisStreams);
        assertThat(deliveryStreams).containsExactly("events-lake");
        assertThat(template.namesOf("AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName"))
                .containsAll(deliveryStreams);
    }

    static Connector connector(Map<String, String> config) throws ReflectiveOperationException {
        String className = config.get("connector.class");
        assertThat(className).startsWith("io.kkbridge.connect.");
        return (Connector) Class.forName(className).getDeclaredConstructor().newInstance();
    }

    /** The Kafka topics a connector reads or writes, as the connector's own config class derives them. */
    static Set<String> kafkaTopics(Map<String, String> config) {
        Set<String> topics = new LinkedHashSet<>();
        if (config.get("connector.class").endsWith("KinesisSourceConnector")) {
            KinesisSourceConfig source = new KinesisSourceConfig(config);
            source.streams().forEach(stream -> topics.add(source.topicFor(stream)));
            source.deadLetterTopic().ifPresent(topics::add);
        } else {
            topics.addAll(SinkConnectorConfig.parseTopicsList(config));
            if (SinkConnectorConfig.hasDlqTopicConfig(config)) {
                topics.add(config.get(SinkConnectorConfig.DLQ_TOPIC_NAME_CONFIG));
            }
        }
        return topics;
    }

    /** Kinesis streams and Firehose delivery streams a connector reads or writes, routed by its own code. */
    static void awsResources(Map<String, String> config, Set<String> kinesisStreams, Set<String> deliveryStreams) {
        String className = config.get("connector.class");
        if (className.endsWith("KinesisSourceConnector")) {
            kinesisStreams.addAll(new KinesisSourceConfig(config).streams());
        } else if (className.endsWith("KinesisSinkConnector")) {
            var destinations = new KinesisSinkConfig(config).destinations();
            SinkConnectorConfig.parseTopicsList(config).forEach(topic -> kinesisStreams.add(
                    destinations.streamFor(new SinkRecord(topic, 0, null, null, null, new byte[0], 0))));
        } else {
            var destinations = new FirehoseSinkConfig(config).destinations();
            SinkConnectorConfig.parseTopicsList(config).forEach(topic -> deliveryStreams.add(
                    destinations.streamFor(new SinkRecord(topic, 0, null, null, null, new byte[0], 0))));
        }
    }
}
