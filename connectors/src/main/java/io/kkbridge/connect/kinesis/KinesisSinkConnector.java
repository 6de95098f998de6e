package io.kkbridge.connect.kinesis;

import io.kkbridge.connect.kinesis.sink.BatchingSinkConnector;
import io.kkbridge.connect.kinesis.sink.KinesisSinkConfig;
import io.kkbridge.connect.kinesis.sink.KinesisSinkTask;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

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
public class KinesisSinkConnector extends BatchingSinkConnector {

    @Override
    protected void checkConfig(Map<String, String> props) {
        new KinesisSinkConfig(props);
    }

    @Override
    protected void reportInvalidCombinations(List<ConfigValue> values, Map<String, String> props) {
        KinesisSinkConfig.reportInvalidCombinations(values, props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return KinesisSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return KinesisSinkConfig.configDef();
    }
}
