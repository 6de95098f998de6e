package io.kkbridge.connect.kinesis.source;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link ShardMetrics} MBean per shard of a task in the platform MBean server, as
 * {@code io.kkbridge.connect:type=kinesis-source-shard,connector=<name>,task=<index>,stream=<s>,shard=<id>}, and
 * unregisters them all on {@link #close()}. A JMX failure is logged, never fatal: metrics must not stop the data.
 */
public final class ShardMetricsRegistry implements AutoCloseable {

    public static final String DOMAIN = "io.kkbridge.connect";
    public static final String TYPE = "kinesis-source-shard";

    private static final Logger log = LoggerFactory.getLogger(ShardMetricsRegistry.class);
    // Characters that must be quoted in an ObjectName value.
    private static final Pattern NEEDS_QUOTING = Pattern.compile("[,=:\"*?\\\\\\n]");

    private final MBeanServer server;
    private final String connector;
    private final int taskIndex;
    private final List<ObjectName> registered = new ArrayList<>();

    public ShardMetricsRegistry(String connector, int taskIndex) {
        this(ManagementFactory.getPlatformMBeanServer(), connector, taskIndex);
    }

    ShardMetricsRegistry(MBeanServer server, String connector, int taskIndex) {
        this.server = server;
        this.connector = connector;
        this.taskIndex = taskIndex;
    }

    public static ObjectName objectName(String connector, int taskIndex, String stream, String shardId)
            throws MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=" + TYPE + ",connector=" + quoteIfNeeded(connector)
                + ",task=" + taskIndex + ",stream=" + quoteIfNeeded(stream) + ",shard=" + quoteIfNeeded(shardId));
    }

    private static String quoteIfNeeded(String value) {
        return NEEDS_QUOTING.matcher(value).find() ? ObjectName.quote(value) : value;
    }

    public synchronized ShardMetrics register(String stream, String shardId) {
        ShardMetrics metrics = new ShardMetrics();
        try {
            ObjectName name = objectName(connector, taskIndex, stream, shardId);
            // left over by a task of the same name that did not stop cleanly
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(metrics, name);
            registered.add(name);
        } catch (JMException e) {
            log.warn("Could not register JMX metrics of shard {} of stream '{}'", shardId, stream, e);
        }
        return metrics;
    }

    @Override
    public synchronized void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // already gone
            } catch (JMException e) {
                log.warn("Could not unregister JMX metrics {}", name, e);
            }
        }
        registered.clear();
    }
}
