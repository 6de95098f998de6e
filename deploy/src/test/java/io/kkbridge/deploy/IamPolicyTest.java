package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kkbridge.connect.firehose.FirehosePutClient;
import io.kkbridge.connect.kinesis.sink.KinesisPutClient;
import io.kkbridge.connect.kinesis.source.KinesisFanOutProxy;
import io.kkbridge.connect.kinesis.source.KinesisProxy;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IAM policies under deploy/iam grant what the code calls, on the resources the deployed configurations name,
 * and nothing more. What the code calls is read from the code: the methods of the connectors' AWS client
 * interfaces (each mapped to its API action by a table this test forces to be complete) and the SDK calls and
 * STS credential providers in the connectors' sources.
 */
class IamPolicyTest {

    /** The API actions each method of the connectors' AWS seams calls. A new method fails the test until mapped. */
    private static final Map<Class<?>, Map<String, Set<String>>> INTERFACE_ACTIONS = Map.of(
            KinesisProxy.class, Map.of(
                    "listShards", Set.of("kinesis:ListShards"),
                    "getShardIterator", Set.of("kinesis:GetShardIterator"),
                    "getRecords", Set.of("kinesis:GetRecords"),
                    "close", Set.of()),
            KinesisFanOutProxy.class, Map.of(
                    "streamArn", Set.of("kinesis:DescribeStreamSummary"),
                    "describeStreamConsumer", Set.of("kinesis:DescribeStreamConsumer"),
                    "registerStreamConsumer", Set.of("kinesis:RegisterStreamConsumer"),
                    "deregisterStreamConsumer", Set.of("kinesis:DeregisterStreamConsumer"),
                    "subscribeToShard", Set.of("kinesis:SubscribeToShard"),
                    "close", Set.of()),
            KinesisPutClient.class, Map.of(
                    "putRecords", Set.of("kinesis:PutRecords"),
                    "close", Set.of()),
            FirehosePutClient.class, Map.of(
                    "putRecordBatch", Set.of("firehose:PutRecordBatch"),
                    "close", Set.of()));

    /** Which policy the calls of each seam, and of the SDK code in its package, belong to. */
    private static final Map<Class<?>, String> POLICY_OF = Map.of(
            KinesisProxy.class, "iam/kinesis-source.policy.json",
            KinesisFanOutProxy.class, "iam/kinesis-source.policy.json",
            KinesisPutClient.class, "iam/kinesis-sink.policy.json",
            FirehosePutClient.class, "iam/firehose-sink.policy.json");

    /**
     * The enhanced fan-out actions that act on the stream's consumer ARN
     * ({@code stream/NAME/consumer/CONSUMER:TIMESTAMP}) rather than on the stream.
     */
    private static final Set<String> EFO_CONSUMER_ACTIONS = Set.of("kinesis:DescribeStreamConsumer",
            "kinesis:SubscribeToShard", "kinesis:DeregisterStreamConsumer");

    /** STS credential providers the connectors may build, and the action each needs. */
    private static final Map<String, String> STS_PROVIDER_ACTIONS = Map.of(
            "StsAssumeRoleCredentialsProvider", "sts:AssumeRole");

    private static final Pattern SDK_CLIENT_VARIABLE =
            Pattern.compile("\\b(Kinesis|Firehose)(Async)?Client\\s+(\\w+)\\s*[;=,)]");
    private static final Set<String> NON_API_METHODS = Set.of("close", "serviceName", "serviceClientConfiguration",
            "waiter", "utilities");

    // --- what the code calls ---

    @Test
    void shouldMapEveryMethodOfTheConnectorsAwsSeamsToItsApiActions() {
        for (Map.Entry<Class<?>, Map<String, Set<String>>> seam : INTERFACE_ACTIONS.entrySet()) {
            Set<String> methods = new TreeSet<>();
            for (Method method : seam.getKey().getMethods()) {
                if (!Modifier.isStatic(method.getModifiers())) {
                    methods.add(method.getName());
                }
            }
            assertThat(methods).as("methods of %s: map each new one to the API actions it calls, here and in %s",
                    seam.getKey().getSimpleName(), POLICY_OF.get(seam.getKey()))
                    .containsExactlyInAnyOrderElementsOf(seam.getValue().keySet());
        }
    }

    @Test
    void shouldFindTheSdkCallsOfEachSeamInItsPackagesSources() {
        // one package: the polling and the enhanced fan-out seams
        assertThat(sdkActionsIn(KinesisProxy.class)).containsExactlyInAnyOrder("kinesis:ListShards",
                "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:DescribeStreamSummary",
                "kinesis:DescribeStreamConsumer", "kinesis:RegisterStreamConsumer",
                "kinesis:DeregisterStreamConsumer", "kinesis:SubscribeToShard");
        assertThat(sdkActionsIn(KinesisPutClient.class)).containsExactly("kinesis:PutRecords");
        assertThat(sdkActionsIn(FirehosePutClient.class)).containsExactly("firehose:PutRecordBatch");
        assertThat(stsActions()).containsExactly("sts:AssumeRole");
    }

    // --- the connector roles ---

    @Test
    void shouldLetTheSourceRoleReadEveryConfiguredStreamIncludingEnhancedFanOutAndNothingElse() {
        Map<String, String> config = connectorConfig("msk-connect/kinesis-source.json");
        IamPolicy policy = IamPolicy.rendered(roleConnectorPolicy(config));
        Set<String> streams = new LinkedHashSet<>();
        ConnectorConfigurationTest.awsResources(config, streams, new LinkedHashSet<>());
        Set<String> required = requiredActions(KinesisProxy.class);
        required.addAll(requiredActions(KinesisFanOutProxy.class));
        Set<String> onStream = new TreeSet<>(required);
        onStream.removeAll(EFO_CONSUMER_ACTIONS);

        assertThat(required).containsAll(EFO_CONSUMER_ACTIONS);
        for (String stream : streams) {
            for (String action : onStream) {
                assertThat(policy.allows(action, kinesisStream(stream))).as("%s on %s", action, stream).isTrue();
            }
            String consumer = kinesisStream(stream) + "/consumer/kkbridge-kinesis-source:1733084400";
            for (String action : EFO_CONSUMER_ACTIONS) {
                assertThat(policy.allows(action, consumer)).as("%s on %s", action, consumer).isTrue();
            }
            assertThat(policy.allows("kinesis:PutRecords", kinesisStream(stream))).isFalse();
        }
        assertThat(policy.grantedActions()).containsExactlyInAnyOrderElementsOf(required);
        assertThat(policy.allows("kinesis:GetRecords", kinesisStream("user-activity-usa"))).isFalse();
    }

    @Test
    void shouldLetTheKinesisSinkRolePutToItsDestinationStreamsOnly() {
        Map<String, String> config = connectorConfig("msk-connect/kinesis-sink-user-activity.json");
        IamPolicy policy = IamPolicy.rendered(roleConnectorPolicy(config));
        Set<String> streams = new LinkedHashSet<>();
        ConnectorConfigurationTest.awsResources(config, streams, new LinkedHashSet<>());
        Set<String> required = requiredActions(KinesisPutClient.class);

        assertThat(streams).isNotEmpty();
        for (String stream : streams) {
            required.forEach(action -> assertThat(policy.allows(action, kinesisStream(stream)))
                    .as("%s on %s", action, stream).isTrue());
        }
        assertThat(policy.grantedActions()).containsExactlyInAnyOrderElementsOf(required);
        assertThat(policy.allows("kinesis:PutRecords", kinesisStream("user-activity"))).isFalse();
    }

    @Test
    void shouldLetTheFirehoseSinkRolePutToItsDeliveryStreamOnly() {
        Map<String, String> config = connectorConfig("msk-connect/firehose-sink-events.json");
        IamPolicy policy = IamPolicy.rendered(roleConnectorPolicy(config));
        Set<String> deliveryStreams = new LinkedHashSet<>();
        ConnectorConfigurationTest.awsResources(config, new LinkedHashSet<>(), deliveryStreams);
        Set<String> required = requiredActions(FirehosePutClient.class);

        for (String deliveryStream : deliveryStreams) {
            required.forEach(action -> assertThat(policy.allows(action, deliveryStreamArn(deliveryStream)))
                    .as("%s on %s", action, deliveryStream).isTrue());
        }
        assertThat(policy.grantedActions()).containsExactlyInAnyOrderElementsOf(required);
        assertThat(policy.allows("firehose:PutRecordBatch", deliveryStreamArn("user-activity-usa-archive")))
                .isFalse();
    }

    @Test
    void shouldLetTheExecutionRoleAssumeEachConnectorRoleWhichTrustsItInTurn() throws IOException {
        IamPolicy execution = IamPolicy.rendered("iam/msk-connect-execution-role.policy.json");
        JsonNode trust = DeployFiles.renderedJson("iam/connector-role.trust.json").get("Statement").get(0);

        for (String file : ConnectorConfigurationTest.connectorFiles()) {
            JsonNode request = DeployFiles.renderedJson(file);
            String roleArn = DeployFiles.connectorConfiguration(request).get("aws.sts.role.arn");
            for (String action : stsActions()) {
                assertThat(execution.allows(action, roleArn)).as("%s on %s", action, roleArn).isTrue();
            }
            assertThat(trust.at("/Principal/AWS").asText()).isEqualTo(request.get("serviceExecutionRoleArn").asText());
        }
        assertThat(trust.get("Effect").asText()).isEqualTo("Allow");
        assertThat(trust.get("Action").asText()).isEqualTo("sts:AssumeRole");
    }

    @Test
    void shouldBeAssumableByMskConnectForTheKkbridgeConnectorsOfThisAccountOnly() {
        JsonNode trust = DeployFiles.renderedJson("iam/msk-connect-execution-role.trust.json").get("Statement").get(0);

        assertThat(trust.at("/Principal/Service").asText()).isEqualTo("kafkaconnect.amazonaws.com");
        assertThat(trust.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo(DeployFiles.ACCOUNT);
        IamPolicy sourceArnPattern = new IamPolicy("trust", policyOf("kafkaconnect:Connector",
                trust.at("/Condition/ArnLike/aws:SourceArn").asText()));
        for (String file : ConnectorConfigurationTest.connectorFiles()) {
            String connectorArn = "arn:aws:kafkaconnect:" + DeployFiles.REGION + ":" + DeployFiles.ACCOUNT
                    + ":connector/" + DeployFiles.renderedJson(file).get("connectorName").asText()
                    + "/a1b2c3d4-e5f6-4a5b-9c8d-7e6f5a4b3c2d-3";
            assertThat(sourceArnPattern.allows("kafkaconnect:Connector", connectorArn)).as(connectorArn).isTrue();
        }
    }

    // --- Kafka: the MSK Connect service execution role ---

    @Test
    void shouldLetTheExecutionRoleDoWhatTheConnectorsAndTheirWorkersDoOnTheCluster() {
        IamPolicy policy = IamPolicy.rendered("iam/msk-connect-execution-role.policy.json");
        Map<String, Set<String>> required = new LinkedHashMap<>();
        require(required, clusterArn(), "Connect", "DescribeCluster", "WriteDataIdempotently");
        for (String file : ConnectorConfigurationTest.connectorFiles()) {
            JsonNode request = DeployFiles.renderedJson(file);
            Map<String, String> config = DeployFiles.connectorConfiguration(request);
            Set<String> topics = ConnectorConfigurationTest.kafkaTopics(config);
            if (config.get("connector.class").endsWith("KinesisSourceConnector")) {
                topics.forEach(topic -> require(required, topicArn(topic), "WriteData", "DescribeTopic"));
            } else {
                String deadLetters = config.get("errors.deadletterqueue.topic.name");
                topics.stream().filter(topic -> !topic.equals(deadLetters))
                        .forEach(topic -> require(required, topicArn(topic), "ReadData", "DescribeTopic"));
                // the worker creates the dead-letter topic when it is missing
                require(required, topicArn(deadLetters), "CreateTopic", "WriteData", "DescribeTopic");
                // a sink's consumer group is connect-<connector name>
                require(required, groupArn("connect-" + request.get("connectorName").asText()),
                        "AlterGroup", "DescribeGroup");
            }
        }
        // the worker's own topics and group: the custom offsets topic, MSK Connect's per-connector ones
        String offsets = DeployFiles.properties("msk-connect/worker-configuration.properties")
                .getProperty("offset.storage.topic");
        for (String internal : List.of(offsets, "__amazon_msk_connect_configs_kkbridge-kinesis-source_a1b2c3d4",
                "__amazon_msk_connect_status_kkbridge-kinesis-source_a1b2c3d4")) {
            require(required, topicArn(internal), "CreateTopic", "WriteData", "ReadData", "DescribeTopic");
        }
        require(required, groupArn("__amazon_msk_connect_cluster_kkbridge-kinesis-source_a1b2c3d4"),
                "AlterGroup", "DescribeGroup");

        assertAllowed(policy, required);
        Set<String> requiredActions = new TreeSet<>(stsActions());
        required.values().forEach(requiredActions::addAll);
        assertThat(policy.grantedActions()).containsExactlyInAnyOrderElementsOf(requiredActions);
        // least privilege across connectors' topics: no connector may write another's input
        assertThat(policy.allows("kafka-cluster:WriteData", topicArn("user-activity.usa"))).isFalse();
        assertThat(policy.allows("kafka-cluster:ReadData", topicArn("user-activity.dlq"))).isFalse();
    }

    // --- Kafka: the Streams app ---

    @Test
    void shouldLetTheStreamsAppReadWriteAndKeepStateForEveryTopicOfItsTopology() {
        IamPolicy policy = IamPolicy.rendered("iam/streams-app.policy.json");
        String applicationId = DeployFiles.properties("streams-app/msk-iam.properties").getProperty("application.id");
        StreamsAppProcess.TopologyTopics topology = StreamsAppProcess.topology();
        assertThat(topology.sources()).contains("user-activity.raw", "events.raw");
        assertThat(topology.sinks()).contains("user-activity.usa", "user-activity.international",
                "user-activity.dlq", "events.enriched", "events.dlq");
        Map<String, Set<String>> required = new LinkedHashMap<>();

        require(required, clusterArn(), "Connect", "DescribeCluster", "WriteDataIdempotently");
        for (String topic : topology.sources()) {
            require(required, topicArn(internalOrNot(applicationId, topic)), "ReadData", "DescribeTopic");
        }
        for (String topic : topology.sinks()) {
            require(required, topicArn(internalOrNot(applicationId, topic)), "WriteData", "DescribeTopic");
        }
        // internal topics: Kafka Streams creates and validates them, purges repartition topics (DeleteRecords)
        List<String> internalTopics = new ArrayList<>(List.of(applicationId + "-a-store-changelog",
                applicationId + "-a-step-repartition"));
        topology.stores().forEach(store -> internalTopics.add(applicationId + "-" + store + "-changelog"));
        for (String internal : internalTopics) {
            require(required, topicArn(internal), "CreateTopic", "DescribeTopic", "ReadData", "WriteData",
                    "DeleteTopic", "DescribeTopicDynamicConfiguration");
        }
        require(required, groupArn(applicationId), "AlterGroup", "DescribeGroup");
        // exactly_once_v2: one transactional id per stream thread, <application.id>-<process UUID>-<thread>
        require(required, transactionalIdArn(applicationId + "-8f0c2b7e-3a41-4c5d-9e6f-1a2b3c4d5e6f-1"),
                "DescribeTransactionalId", "AlterTransactionalId");

        assertAllowed(policy, required);
        Set<String> requiredActions = new TreeSet<>();
        required.values().forEach(requiredActions::addAll);
        assertThat(policy.grantedActions()).containsExactlyInAnyOrderElementsOf(requiredActions);
        assertThat(policy.allows("kafka-cluster:WriteData", topicArn("user-activity.raw"))).isFalse();
        assertThat(policy.allows("kafka-cluster:AlterGroup", groupArn("connect-kkbridge-firehose-sink-events")))
                .isFalse();
    }

    @Test
    void shouldCreateEveryTopicOfTheStreamsTopologyBeforeItStarts() {
        StreamsAppProcess.TopologyTopics topology = StreamsAppProcess.topology();
        Set<String> external = new TreeSet<>(topology.sources());
        external.addAll(topology.sinks());
        external.removeIf(StreamsAppProcess::isInternal);

        assertThat(DeployFiles.topicsToCreate().keySet()).containsAll(external);
    }

    @Test
    void shouldGrantNoServiceWideActionAndNoResourceWildcardAlone() {
        for (Path path : DeployFiles.materialFiles("json")) {
            String relative = DeployFiles.dir().relativize(path).toString();
            if (!relative.startsWith("iam/") || relative.endsWith(".trust.json")) {
                continue;
            }
            IamPolicy policy = IamPolicy.rendered(relative);
            assertThat(policy.grantedActions()).as(relative).noneMatch(action -> action.endsWith(":*")
                    || action.equals("*"));
            assertThat(policy.resources()).as(relative).noneMatch(resource -> resource.equals("*")
                    || resource.endsWith(":*"));
        }
    }

    // --- helpers ---

    private static Set<String> requiredActions(Class<?> seam) {
        Set<String> actions = new TreeSet<>();
        INTERFACE_ACTIONS.get(seam).values().forEach(actions::addAll);
        actions.addAll(sdkActionsIn(seam));
        return actions;
    }

    /** API actions of the SDK calls in the sources of the seam's package: {@code client.putRecords(...)}. */
    private static Set<String> sdkActionsIn(Class<?> seam) {
        Path packageDir = connectorSources().resolve(seam.getPackageName().replace('.', '/'));
        Set<String> actions = new TreeSet<>();
        for (Path source : javaFiles(packageDir, false)) {
            String text = DeployFiles.read(source);
            Matcher variables = SDK_CLIENT_VARIABLE.matcher(text);
            while (variables.find()) {
                String service = variables.group(1).toLowerCase(java.util.Locale.ROOT);
                Matcher calls = Pattern.compile("\\b" + variables.group(3) + "\\s*\\.\\s*(\\w+)\\s*\\(").matcher(text);
                while (calls.find()) {
                    String method = calls.group(1);
                    if (!NON_API_METHODS.contains(method)) {
                        actions.add(service + ":" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
                    }
                }
            }
        }
        return actions;
    }

    private static Set<String> stsActions() {
        Set<String> actions = new TreeSet<>();
        Pattern provider = Pattern.compile("\\b(Sts\\w*CredentialsProvider)\\b");
        for (Path source : javaFiles(connectorSources(), true)) {
            Matcher matcher = provider.matcher(DeployFiles.read(source));
            while (matcher.find()) {
                String action = STS_PROVIDER_ACTIONS.get(matcher.group(1));
                assertThat(action).as("the IAM action of %s (in %s): add it to STS_PROVIDER_ACTIONS and the "
                        + "execution role's policy", matcher.group(1), source.getFileName()).isNotNull();
                actions.add(action);
            }
        }
        return actions;
    }

    private static Path connectorSources() {
        return Path.of(System.getProperty("kkbridge.connectors.sources"));
    }

    private static List<Path> javaFiles(Path dir, boolean recursive) {
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> connectorConfig(String file) {
        return DeployFiles.connectorConfiguration(DeployFiles.renderedJson(file));
    }

    /** aws.sts.role.arn ...:role/kkbridge-NAME is the role of deploy/iam/NAME.policy.json. */
    private static String roleConnectorPolicy(Map<String, String> config) {
        String roleArn = config.get("aws.sts.role.arn");
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        assertThat(roleName).startsWith("kkbridge-");
        return "iam/" + roleName.substring("kkbridge-".length()) + ".policy.json";
    }

    private static void require(Map<String, Set<String>> required, String resource, String... kafkaActions) {
        Set<String> actions = required.computeIfAbsent(resource, key -> new LinkedHashSet<>());
        for (String action : kafkaActions) {
            actions.add("kafka-cluster:" + action);
        }
    }

    private static void assertAllowed(IamPolicy policy, Map<String, Set<String>> required) {
        List<String> denied = new ArrayList<>();
        required.forEach((resource, actions) -> actions.forEach(action -> {
            if (!policy.allows(action, resource)) {
                denied.add(action + " on " + resource);
            }
        }));
        assertThat(denied).as(policy.name()).isEmpty();
    }

    private static String internalOrNot(String applicationId, String topic) {
        return StreamsAppProcess.isInternal(topic) ? applicationId + "-" + topic : topic;
    }

    private static JsonNode policyOf(String action, String resource) {
        try {
            return DeployFiles.json("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\""
                    + action + "\",\"Resource\":\"" + resource + "\"}]}");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String kafkaArn(String kind, String name) {
        return "arn:aws:kafka:" + DeployFiles.REGION + ":" + DeployFiles.ACCOUNT + ":" + kind + "/"
                + DeployFiles.CLUSTER_NAME + "/" + DeployFiles.CLUSTER_UUID + (name == null ? "" : "/" + name);
    }

    private static String clusterArn() {
        return kafkaArn("cluster", null);
    }

    private static String topicArn(String topic) {
        return kafkaArn("topic", topic);
    }

    private static String groupArn(String group) {
        return kafkaArn("group", group);
    }

    private static String transactionalIdArn(String id) {
        return kafkaArn("transactional-id", id);
    }

    private static String kinesisStream(String stream) {
        return "arn:aws:kinesis:" + DeployFiles.REGION + ":" + DeployFiles.ACCOUNT + ":stream/" + stream;
    }

    private static String deliveryStreamArn(String name) {
        return "arn:aws:firehose:" + DeployFiles.REGION + ":" + DeployFiles.ACCOUNT + ":deliverystream/" + name;
    }
}
