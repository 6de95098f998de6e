package io.kkbridge.topologydocs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.kafka.common.config.ConfigDef;

import io.kkbridge.connect.firehose.FirehoseSinkConfig;
import io.kkbridge.connect.kinesis.sink.KinesisSinkConfig;
import io.kkbridge.connect.kinesis.source.KinesisSourceConfig;

/** One configuration reference page per connector, from the connector's own {@code ConfigDef}. */
final class ConnectorConfigPages {

    private record Connector(String title, String connectorClass, Supplier<ConfigDef> configDef, String purpose) {
    }

    /** Page file name to connector, in index order. */
    static final Map<String, Connector> PAGES = pages();

    private ConnectorConfigPages() {
    }

    private static Map<String, Connector> pages() {
        Map<String, Connector> pages = new LinkedHashMap<>();
        pages.put("connector-kinesis-source.md", new Connector("Kinesis source connector",
                "io.kkbridge.connect.kinesis.KinesisSourceConnector", KinesisSourceConfig::configDef,
                "Reads Kinesis streams into Kafka topics: one source partition per shard, offsets as sequence "
                        + "numbers, parents before children after resharding, KPL de-aggregation."));
        pages.put("connector-kinesis-sink.md", new Connector("Kinesis sink connector",
                "io.kkbridge.connect.kinesis.KinesisSinkConnector", KinesisSinkConfig::configDef,
                "Writes Kafka topics to Kinesis streams with PutRecords, in key order, retrying only failed "
                        + "entries; offsets are committed only for what Kinesis acknowledged."));
        pages.put("connector-firehose-sink.md", new Connector("Firehose sink connector",
                "io.kkbridge.connect.firehose.FirehoseSinkConnector", FirehoseSinkConfig::configDef,
                "Writes Kafka topics to Firehose delivery streams with PutRecordBatch, retrying only failed "
                        + "entries (FailedPutCount is never ignored); offsets are committed only for what Firehose "
                        + "acknowledged."));
        return pages;
    }

    static SortedMap<String, String> render() {
        SortedMap<String, String> rendered = new TreeMap<>();
        PAGES.forEach((page, connector) -> rendered.put(page, ConfigReferencePage.render(connector.title()
                + " configuration", introduction(connector), connector.configDef().get(), null)));
        return rendered;
    }

    private static String introduction(Connector connector) {
        return connector.purpose() + " Class: " + Markdown.code(connector.connectorClass()) + ".\n\n"
                + "These are the connector's own keys, from its `ConfigDef`; Kafka Connect's common keys (`name`, "
                + "`tasks.max`, `topics`, converters, `errors.*`, ...) are documented by Apache Kafka. Every key is "
                + "validated by `PUT /connector-plugins/<class>/config/validate`, which names each invalid one.";
    }

    static String indexLinks() {
        StringBuilder links = new StringBuilder();
        PAGES.forEach((page, connector) -> links.append("- [").append(connector.title()).append("](").append(page)
                .append("): ").append(Markdown.code(connector.connectorClass())).append('\n'));
        return links.toString();
    }
}
