package io.kkbridge.connect.firehose;

import io.kkbridge.connect.kinesis.sink.BatchingSinkConnector;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

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
public class FirehoseSinkConnector extends BatchingSinkConnector {

    @Override
    protected void checkConfig(Map<String, String> props) {
        new FirehoseSinkConfig(props);
    }

    @Override
    protected void reportInvalidCombinations(List<ConfigValue> values, Map<String, String> props) {
        FirehoseSinkConfig.reportInvalidCombinations(values, props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FirehoseSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return FirehoseSinkConfig.configDef();
    }
}
