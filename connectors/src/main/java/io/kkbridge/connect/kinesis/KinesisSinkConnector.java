package io.kkbridge.connect.kinesis;

import io.kkbridge.connect.PluginVersion;
import io.kkbridge.connect.kinesis.sink.KinesisSinkConfig;
import io.kkbridge.connect.kinesis.sink.KinesisSinkTask;
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
 * Kafka topics to Kinesis streams. Checks the configuration and hands every task the same settings: the worker
 * spreads the topic partitions over the tasks.
 *
 * <p>Values are sent as bytes, so use the ByteArrayConverter (or StringConverter) for values. Records with the same
 * partition key reach Kinesis in order, also across retries. Records that can never be sent (over 1 MiB, no usable
 * partition key, a structured value) go to the errant record reporter with {@code errors.tolerance=all} and fail
 * the task otherwise. Records with a null value (tombstones) are skipped and counted. Offsets are committed only
 * for records Kinesis accepted (delivery is at least once).
 */
public class KinesisSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new KinesisSinkConfig(props); // fails the connector, not each task, on an invalid configuration
        this.props = Collections.unmodifiableMap(new HashMap<>(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return KinesisSinkTask.class;
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
        return KinesisSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        KinesisSinkConfig.reportInvalidCombinations(config.configValues(), connectorConfigs);
        return config;
    }

    /** The sink keeps no offsets of its own: the consumer group's offsets are all there is, so any change is fine. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }
}
