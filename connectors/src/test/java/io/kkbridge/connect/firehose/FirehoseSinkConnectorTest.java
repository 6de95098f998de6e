package io.kkbridge.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.PluginVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class FirehoseSinkConnectorTest {

    private final FirehoseSinkConnector connector = new FirehoseSinkConnector();

    private static Map<String, String> valid() {
        return new HashMap<>(Map.of(
                "connector.class", FirehoseSinkConnector.class.getName(),
                "topics", "events.enriched",
                "aws.region", "us-east-1",
                "firehose.delivery.stream", "events-lake"));
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

        assertThat(connector.taskConfigs(2)).containsExactly(props, props);
        assertThat(connector.taskClass()).isEqualTo(FirehoseSinkTask.class);
    }

    @Test
    void shouldValidateACorrectConfigurationWithoutErrors() {
        assertThat(errors(valid())).isEmpty();
    }

    @Test
    void shouldReportEachInvalidKeyWithItsOwnMessage() {
        Map<String, String> props = valid();
        props.remove("firehose.delivery.stream");
        props.put("firehose.record.delimiter", "\\q");
        props.put("firehose.batch.max.bytes", "100");
        props.put("aws.sts.role.external.id", "ext");

        String neither = "Set firehose.delivery.stream (one stream for every topic) or "
                + "firehose.delivery.stream.mapping (topic:stream entries)";
        assertThat(errors(props)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "firehose.delivery.stream", List.of(neither),
                "firehose.delivery.stream.mapping", List.of(neither),
                "firehose.record.delimiter", List.of("Invalid value \\q for configuration firehose.record.delimiter: "
                        + "the delimiter has the unknown escape \\q; use \\n, \\r, \\t, \\\\ or \\uXXXX"),
                "firehose.batch.max.bytes", List.of("Invalid value 100 for configuration firehose.batch.max.bytes: "
                        + "Value must be at least 1024"),
                "aws.sts.role.external.id", List.of("aws.sts.role.external.id only applies when aws.sts.role.arn is "
                        + "set; set the role or remove aws.sts.role.external.id")));
    }

    @Test
    void shouldFailToStartOnAnInvalidConfiguration() {
        Map<String, String> props = valid();
        props.put("firehose.delivery.stream.mapping", "events.enriched:lake");

        assertThatThrownBy(() -> connector.start(props)).isInstanceOf(ConfigException.class)
                .hasMessage("Set only one of firehose.delivery.stream and firehose.delivery.stream.mapping; Set only "
                        + "one of firehose.delivery.stream and firehose.delivery.stream.mapping");
    }

    @Test
    void shouldReportThePluginVersionAndAcceptOffsetChanges() {
        assertThat(connector.version()).isEqualTo(PluginVersion.get()).isEqualTo(new FirehoseSinkTask().version());
        assertThat(connector.alterOffsets(valid(), Map.of())).isTrue();
    }
}
