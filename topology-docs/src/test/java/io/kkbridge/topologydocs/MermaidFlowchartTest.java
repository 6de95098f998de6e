package io.kkbridge.topologydocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class MermaidFlowchartTest {

    @Test
    void shouldDrawSubtopologiesGlobalStoresTopicsAndStores() {
        assertThat(MermaidFlowchart.render(smallTopology().describe())).isEqualTo("""
                flowchart LR
                    topic_customers>"customers"]
                    topic_order_counts>"order-counts"]
                    topic_orders>"orders"]
                    topic_orders_eu>"orders-eu"]
                    pattern_audit____>"pattern: audit\\..*"]
                    dynamic_topic_audit__sink_>"topic chosen per record by audit #quot;sink#quot;"]
                    subgraph subtopology_0 ["Sub-topology 0"]
                        node_orders_source["orders-source"]
                        node_count["count"]
                        node_end["end"]
                        store_order_counts[("order-counts")]
                    end
                    subgraph subtopology_1 ["Sub-topology 1"]
                        node_audit_source["audit-source"]
                        node_audit__sink_["audit #quot;sink#quot;"]
                    end
                    subgraph global_store_2 ["Global store (sub-topology 2)"]
                        node_customers_source["customers-source"]
                        node_customers_loader["customers-loader"]
                        store_customers[("customers")]
                    end
                    topic_orders --> node_orders_source
                    topic_orders_eu --> node_orders_source
                    node_orders_source --> node_count
                    node_count -.- store_order_counts
                    node_count --> node_end
                    node_end --> topic_order_counts
                    pattern_audit____ --> node_audit_source
                    node_audit_source --> node_audit__sink_
                    node_audit__sink_ --> dynamic_topic_audit__sink_
                    topic_customers --> node_customers_source
                    node_customers_source --> node_customers_loader
                    node_customers_loader -.- store_customers
                """);
    }

    @Test
    void shouldQuoteLabelsWithMermaidEntityCodes() {
        assertThat(MermaidFlowchart.label("say \"hi\" <b>#1</b> & `x`\nnext"))
                .isEqualTo("\"say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; #amp; #96;x#96; next\"");
    }

    @Test
    void shouldLeavePlainNamesAsTheyAre() {
        assertThat(MermaidFlowchart.label("user-activity.raw_v2")).isEqualTo("\"user-activity.raw_v2\"");
    }

    /**
     * Two sub-topologies and a global store; a store and a topic share the name "order-counts", a node is called
     * "end" (a Mermaid keyword) and one has quotes in its name.
     */
    static Topology smallTopology() {
        Topology topology = new Topology();
        topology.addSource("orders-source", "orders", "orders-eu");
        topology.addProcessor("count", noop(), "orders-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("order-counts"),
                Serdes.String(), Serdes.Long()), "count");
        topology.addSink("end", "order-counts", "count");
        topology.addSource("audit-source", Pattern.compile("audit\\..*"));
        topology.addSink("audit \"sink\"", (key, value, context) -> "audit-" + key, "audit-source");
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("customers"),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(),
                "customers-source", new StringDeserializer(), new StringDeserializer(), "customers",
                "customers-loader", MermaidFlowchartTest.<Void, Void>noop());
        return topology;
    }

    private static <KOut, VOut> ProcessorSupplier<String, String, KOut, VOut> noop() {
        return () -> new Processor<>() {
            @Override
            public void process(Record<String, String> record) {
            }
        };
    }
}
