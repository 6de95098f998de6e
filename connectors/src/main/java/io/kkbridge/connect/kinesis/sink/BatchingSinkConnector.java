package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.PluginVersion;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * What the Kinesis and the Firehose sink connectors share: check the configuration once, in the connector (so an
 * invalid one fails the connector rather than each task), hand every task the same settings (the worker spreads the
 * topic partitions over the tasks), and add the cross-key checks to {@code validate()}.
 */
public abstract class BatchingSinkConnector extends SinkConnector {

    private Map<String, String> props;

    /** Parses the configuration; throws a ConfigException naming the setting when it is invalid. */
    protected abstract void checkConfig(Map<String, String> props);

    /** Adds the errors of key combinations (stream or mapping, partition key settings) to the per-key results. */
    protected abstract void reportInvalidCombinations(List<ConfigValue> values, Map<String, String> props);

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        checkConfig(props);
        this.props = Collections.unmodifiableMap(new HashMap<>(props));
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
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        reportInvalidCombinations(config.configValues(), connectorConfigs);
        return config;
    }

    /** The sink keeps no offsets of its own: the consumer group's offsets are all there is, so any change is fine. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }
}
