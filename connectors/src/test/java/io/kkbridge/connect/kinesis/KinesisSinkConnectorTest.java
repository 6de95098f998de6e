package io.kkbridge.connect.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.PluginVersion;
import io.kkbridge.connect.kinesis.sink.KinesisSinkTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class KinesisSinkConnectorTest {

    private final KinesisSinkConnector connector = new KinesisSinkConnector();

    private static Map<String, String> valid() {
        return new HashMap<>(Map.of(
                "connector.class", KinesisSinkConnector.class.getName(),
                "topics", "user-activity.usa,user-activity.international",
                "aws.region", "us-east-1",
                "kinesis.stream.mapping", "user-activity.usa:user-activity-usa,"
                        + "user-activity.international:user-activity-international",
                "errors.tolerance", "all"));
    }

    private Map<String, List<String>> errors(Map<String, String> props) {
        return connector.validate(props).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void shouldGiveEveryTaskTheConnectorsSettings() {
        Map<String, String> props = valid();
        connector.start(props);

        List<Map<String, String>> taskConfigs = connector.taskConfigs(3);

        assertThat(taskConfigs).hasSize(3).allSatisfy(config -> assertThat(config).isEqualTo(props));
        assertThat(connector.taskClass()).isEqualTo(KinesisSinkTask.class);
    }

    @Test
    void shouldValidateACorrectConfigurationWithoutErrors() {
        assertThat(errors(valid())).isEmpty();
    }

    @Test
    void shouldReportEachInvalidKeyWithItsOwnMessage() {
        Map<String, String> props = valid();
        props.remove("aws.region");
        props.remove("kinesis.stream.mapping");
        props.put("kinesis.stream", "bad name");
        props.put("kinesis.partition.key.source", "FIELD");
        props.put("kinesis.batch.max.records", "501");
        props.put("kinesis.max.in.flight.requests", "0");
        props.put("aws.access.key.id", "AKIAEXAMPLE");

        assertThat(errors(props)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "aws.region", List.of("Missing required configuration \"aws.region\" which has no default value.",
                        "Invalid value null for configuration aws.region: an AWS region is required, such as "
                                + "us-east-1"),
                "kinesis.stream", List.of("Invalid value bad name for configuration kinesis.stream: 'bad name' is "
                        + "not a Kinesis stream name: only letters, digits, _ . - are allowed"),
                "kinesis.partition.key.field", List.of("kinesis.partition.key.field must be set when "
                        + "kinesis.partition.key.source is FIELD"),
                "kinesis.batch.max.records", List.of("Invalid value 501 for configuration "
                        + "kinesis.batch.max.records: Value must be no more than 500"),
                "kinesis.max.in.flight.requests", List.of("Invalid value 0 for configuration "
                        + "kinesis.max.in.flight.requests: Value must be at least 1"),
                "aws.secret.access.key", List.of("aws.secret.access.key must be set when aws.access.key.id is set: "
                        + "give both, or neither to use the default credentials chain")));
    }

    @Test
    void shouldReportTopicsWithoutAStreamAndConflictingStreamSettings() {
        Map<String, String> props = valid();
        props.put("topics", "user-activity.usa,user-activity.international,events.enriched");

        assertThat(errors(props)).containsExactly(Map.entry("kinesis.stream.mapping", List.of(
                "kinesis.stream.mapping has no entry for topic events.enriched of topics")));

        props.put("kinesis.stream", "everything");
        String both = "Set only one of kinesis.stream and kinesis.stream.mapping";
        assertThat(errors(props)).containsOnly(Map.entry("kinesis.stream", List.of(both)),
                Map.entry("kinesis.stream.mapping", List.of(both)));
    }

    @Test
    void shouldFailToStartOnAnInvalidConfiguration() {
        Map<String, String> props = valid();
        props.put("topics", "other");

        assertThatThrownBy(() -> connector.start(props)).isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.stream.mapping has no entry for topic other of topics");
    }

    @Test
    void shouldReportThePluginVersionAndAcceptOffsetChanges() {
        assertThat(connector.version()).isEqualTo(PluginVersion.get()).isEqualTo(new KinesisSinkTask().version());
        assertThat(connector.alterOffsets(valid(), Map.of())).isTrue();
        assertThat(connector.config().configKeys()).containsKeys("kinesis.stream", "aws.region");
    }
}
