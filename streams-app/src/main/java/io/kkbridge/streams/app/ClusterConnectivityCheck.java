package io.kkbridge.streams.app;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One DescribeCluster call with the application's own admin settings (address, security protocol, SASL), before
 * Kafka Streams starts. Kafka Streams itself retries an unreachable cluster forever, logging only warnings, so a
 * wrong address, a closed security group or a mismatched listener would look like a hang. The call is bounded by
 * the admin client's {@code default.api.timeout.ms}.
 */
final class ClusterConnectivityCheck {

    private static final String CLIENT_ID_SUFFIX = "-startup-check";

    private ClusterConnectivityCheck() {
    }

    /**
     * @return the cluster id
     * @throws org.apache.kafka.common.config.ConfigException for an invalid admin client setting
     */
    static String requireReachable(Properties streamsProperties) {
        StreamsConfig streamsConfig = new StreamsConfig(streamsProperties);
        Map<String, Object> adminConfigs = streamsConfig.getAdminConfigs(
                streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG) + CLIENT_ID_SUFFIX);
        AdminClientConfig admin = new AdminClientConfig(adminConfigs);
        String where = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + "="
                + String.join(",", admin.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))
                + " (" + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG + "="
                + admin.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) + ")";
        int timeoutMs = admin.getInt(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        Admin client;
        try {
            client = Admin.create(adminConfigs);
        } catch (KafkaException e) {
            throw new ClusterUnreachableException("Cannot connect to the Kafka cluster at " + where + ": "
                    + messageChain(e), e);
        }
        try {
            return client.describeCluster().clusterId().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new ClusterUnreachableException("Cannot reach the Kafka cluster at " + where + " within "
                        + timeoutMs + " ms (" + AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG + "): check the "
                        + "address and port, that this host may reach them (VPC, security groups), and that "
                        + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG + " and sasl.mechanism match the cluster's "
                        + "listener", cause);
            }
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new ClusterUnreachableException("The Kafka cluster at " + where + " refused this client: "
                        + cause.getMessage(), cause);
            }
            throw new ClusterUnreachableException("Cannot describe the Kafka cluster at " + where + ": "
                    + messageChain(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnreachableException("Interrupted while connecting to the Kafka cluster at " + where, e);
        } finally {
            client.close(Duration.ZERO);
        }
    }

    private static String messageChain(Throwable error) {
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            message.append(": ").append(cause.getMessage());
        }
        return message.toString();
    }

    /** The cluster named by {@code bootstrap.servers} cannot be used; the message names it and what to check. */
    static final class ClusterUnreachableException extends RuntimeException {
        ClusterUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
