package io.kkbridge.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class StreamsAppTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void shouldRefuseAnInvalidSettingByNameBeforeConnecting() {
        int exit = new CommandLine(new StreamsApp()).execute("-D", "user.activity.usa.match=fuzzy");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("Invalid configuration: Invalid value fuzzy for configuration user.activity.usa.match");
    }

    @Test
    void shouldRefuseAnUnknownFlagSetting() {
        int exit = new CommandLine(new StreamsApp()).execute("--set", "bootstrap.server=x:9092");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown configuration key bootstrap.server");
    }

    @Test
    void shouldPrintTheTopologyOfTheConfiguredPipelines() {
        int exit = new CommandLine(new StreamsApp()).execute("--print-topology", "-D", "pipelines=events",
                "--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Source: events-source (topics: [events.raw])")
                .contains("Sink: events-enriched-sink (topic: events.enriched)")
                .doesNotContain("user-activity");
    }

    @Test
    void shouldStopWithTheSettingNamedWhenTheQueryApiPortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int exit = new CommandLine(new StreamsApp()).execute("--bootstrap-servers", "127.0.0.1:1",
                    "-D", "query.api.port=" + taken.getLocalPort());

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + " for the query API (set query.api.port)");
        }
    }
}
