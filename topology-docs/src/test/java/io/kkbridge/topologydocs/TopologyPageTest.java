package io.kkbridge.topologydocs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

class TopologyPageTest {

    @Test
    void shouldListTopicsPatternsDynamicSinksAndStores() {
        String page = TopologyPage.render("Small", "A small topology.", MermaidFlowchartTest.smallTopology().describe());

        assertThat(page).startsWith("# Small\n\n" + TopologyDocsGenerator.GENERATED_NOTICE + "\n\nA small topology.\n\n")
                .contains("""
                        ## Topics and stores

                        - Input topics: `customers`, `orders`, `orders-eu`
                        - Input topic patterns: `audit\\..*`
                        - Output topics: `order-counts`
                        - Output topics chosen per record by: `audit "sink"`
                        - State stores: `customers`, `order-counts`

                        ## Diagram

                        ```mermaid
                        flowchart LR
                        """);
    }

    @Test
    void shouldTabulateEveryNodeWithItsNeighboursTopicsAndStores() {
        String page = TopologyPage.render("Small", "A small topology.", MermaidFlowchartTest.smallTopology().describe());

        assertThat(page).contains("""
                ## Nodes

                | Sub-topology | Node | Kind | Predecessors | Successors | Topics / stores |
                | --- | --- | --- | --- | --- | --- |
                | Sub-topology 0 | `orders-source` | source | — | `count` | reads `orders`, `orders-eu` |
                | Sub-topology 0 | `count` | processor | `orders-source` | `end` | stores `order-counts` |
                | Sub-topology 0 | `end` | sink | `count` | — | writes `order-counts` |
                | Sub-topology 1 | `audit-source` | source | — | `audit "sink"` | reads pattern `audit\\..*` |
                | Sub-topology 1 | `audit "sink"` | sink | `audit-source` | — | writes a topic chosen per record |
                | Global store (sub-topology 2) | `customers-source` | source | — | `customers-loader` | reads `customers` |
                | Global store (sub-topology 2) | `customers-loader` | processor | `customers-source` | — | stores `customers` |

                ## `describe()`

                ```text
                Topologies:
                """);
    }

    @Test
    void shouldTellTopicsPassedBetweenSubtopologiesFromInputsAndOutputs() {
        Topology topology = new Topology();
        topology.addSource("read-a", "a");
        topology.addSink("write-b", "b", "read-a");
        topology.addSource("read-b", "b");
        topology.addSink("write-c", "c", "read-b");

        String page = TopologyPage.render("Chain", "Two sub-topologies joined by a topic.", topology.describe());

        assertThat(page).contains("""
                - Input topics: `a`
                - Output topics: `c`
                - Topics both written and read by this topology: `b`
                - State stores: —
                """).contains("""
                ```mermaid
                flowchart LR
                    topic_a>"a"]
                    topic_b>"b"]
                    topic_c>"c"]
                    subgraph subtopology_0 ["Sub-topology 0"]
                        node_read_a["read-a"]
                        node_write_b["write-b"]
                    end
                    subgraph subtopology_1 ["Sub-topology 1"]
                        node_read_b["read-b"]
                        node_write_c["write-c"]
                    end
                    topic_a --> node_read_a
                    node_read_a --> node_write_b
                    node_write_b --> topic_b
                    topic_b --> node_read_b
                    node_read_b --> node_write_c
                    node_write_c --> topic_c
                ```
                """);
    }
}
