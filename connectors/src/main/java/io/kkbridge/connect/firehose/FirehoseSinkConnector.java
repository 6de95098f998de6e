package io.kkbridge.connect.firehose;

import io.kkbridge.connect.PluginVersion;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka topics to Firehose delivery streams. Checks the configuration and hands every task the same settings: the
 * worker spreads the topic partitions over the tasks.
 *
 * <p>Values are sent as bytes with a delimiter appended, so use the ByteArrayConverter (or StringConverter) for
 * values. Records over 1,000 KiB with their delimiter, or with a structured value, go to the errant record reporter
 * with {@code errors.tolerance=all} and fail the task otherwise. Records with a null value (tombstones) are skipped
 * and counted. Offsets are committed only for records Firehose accepted (delivery is at least once); Firehose keeps
 * no order, and retried records may land after newer ones.
 */
public class FirehoseSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new FirehoseSinkConfig(props); // fails the connector, not each task, on an invalid configuration
        this.props = Collections.unmodifiableMap(new HashMap<>(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FirehoseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
        // nothing to release: the tasks own the AWS clients
    }

    @Override
    public ConfigDef config() {
        return FirehoseSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        FirehoseSinkConfig.reportInvalidCombinations(config.configValues(), connectorConfigs);
        return config;
    }

    /** The sink keeps no offsets of its own: the consumer group's offsets are all there is, so any change is fine. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }
}
