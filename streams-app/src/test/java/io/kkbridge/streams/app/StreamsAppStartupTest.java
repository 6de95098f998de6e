package io.kkbridge.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.testsupport.EmbeddedKafka;
import picocli.CommandLine;

/** Start-up against a cluster that is not there: a bounded wait and an error naming the address, never a hang. */
class StreamsAppStartupTest {

    /** The query API on a free port: tests never take a fixed one. */
    private static final String FREE_QUERY_PORT = "query.api.port=0";

    /** The client settings deploy/streams-app/msk-iam.properties selects IAM authentication with. */
    static final Map<String, String> MSK_IAM = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "AWS_MSK_IAM",
            "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
            "sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
    }

    @Test
    void shouldExitNamingBootstrapServersWhenNothingListensThere() throws IOException {
        String address = "127.0.0.1:" + closedPort();

        long started = System.nanoTime();
        int exit = new CommandLine(new StreamsApp()).execute("--bootstrap-servers", address, "-D", FREE_QUERY_PORT,
                "-D", "default.api.timeout.ms=1500", "-D", "request.timeout.ms=1000");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(exit).isEqualTo(StreamsApp.EXIT_CLUSTER_UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("Cannot reach the Kafka cluster at "
                + "bootstrap.servers=" + address + " (security.protocol=PLAINTEXT) within 1500 ms "
                + "(default.api.timeout.ms)");
        assertThat(elapsedMs).isBetween(1_400L, 10_000L);
    }

    @Test
    void shouldLoadTheMskIamClientSettingsAndFailTheSameWayWhenTheClusterIsUnreachable() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", address,
                "-D", "default.api.timeout.ms=1500", "-D", "request.timeout.ms=1000", "-D", FREE_QUERY_PORT));
        MSK_IAM.forEach((key, value) -> args.addAll(List.of("-D", key + "=" + value)));

        int exit = new CommandLine(new StreamsApp()).execute(args.toArray(String[]::new));

        // the IAM login module and callback handler loaded (a missing class is a configuration error, exit 2)
        assertThat(exit).isEqualTo(StreamsApp.EXIT_CLUSTER_UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot reach the Kafka cluster at "
                + "bootstrap.servers=" + address + " (security.protocol=SASL_SSL) within 1500 ms");
    }

    @Test
    void shouldRefuseAnIamCallbackHandlerThatIsNotOnTheClasspathAsInvalidConfiguration() {
        int exit = new CommandLine(new StreamsApp()).execute("--bootstrap-servers", "127.0.0.1:1", "-D", FREE_QUERY_PORT,
                "-D", "sasl.client.callback.handler.class=software.amazon.msk.auth.iam.NoSuchHandler");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("software.amazon.msk.auth.iam.NoSuchHandler")
                .contains("sasl.client.callback.handler.class");
    }

    @Test
    void shouldReturnTheClusterIdOfAReachableCluster() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Properties properties = AppConfig.of(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                    .streamsProperties();

            String clusterId = ClusterConnectivityCheck.requireReachable(properties);

            assertThat(clusterId).isEqualTo(kafka.admin().describeCluster().clusterId().toCompletionStage()
                    .toCompletableFuture().join());
        }
    }

    /** A loopback port that was free a moment ago and has no listener now. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
