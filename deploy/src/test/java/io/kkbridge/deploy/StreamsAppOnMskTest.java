package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Streams app started as DEPLOY.md starts it on MSK (bin/streams-app's classpath, the MSK properties file and
 * the bootstrap address as a flag), against a loopback port nothing listens on: no AWS is reachable here, and the
 * app must say which cluster it could not reach instead of hanging.
 */
class StreamsAppOnMskTest {

    @Test
    void shouldSelectIamAuthenticationByConfigurationAlone() {
        Properties msk = DeployFiles.properties("streams-app/msk-iam.properties");

        assertThat(msk).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
                .containsEntry("sasl.client.callback.handler.class",
                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
                .doesNotContainKey("bootstrap.servers"); // given per environment, as a flag or KKB_BOOTSTRAP_SERVERS
    }

    @Test
    void shouldStartWithTheMskIamPropertiesAndExitNamingTheUnreachableCluster() throws IOException {
        String address = "127.0.0.1:" + closedPort();

        StreamsAppProcess.Result result = StreamsAppProcess.run(
                "--config", DeployFiles.file("streams-app/msk-iam.properties").toString(),
                "--bootstrap-servers", address,
                "-D", "default.api.timeout.ms=3000", "-D", "request.timeout.ms=2000");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        assertThat(result.stderr()).contains("Cannot reach the Kafka cluster at bootstrap.servers=" + address
                + " (security.protocol=SASL_SSL) within 3000 ms (default.api.timeout.ms)");
        // the IAM classes loaded: a missing one is a configuration error (exit 2) before any connection
        assertThat(result.stderr()).doesNotContain("Invalid configuration");
        assertThat(result.elapsedMs()).isLessThan(30_000);
    }

    @Test
    void shouldRefuseAnIamSettingWithATypoBeforeConnecting() {
        StreamsAppProcess.Result result = StreamsAppProcess.run(
                "--config", DeployFiles.file("streams-app/msk-iam.properties").toString(),
                "--bootstrap-servers", "127.0.0.1:1", "-D", "sasl.mechanisms=AWS_MSK_IAM");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("Unknown configuration key sasl.mechanisms");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
