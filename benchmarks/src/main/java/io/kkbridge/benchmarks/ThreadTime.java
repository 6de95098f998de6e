package io.kkbridge.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where the worker threads of a benchmark run (a Streams app's stream threads, or a passthrough's loop thread) spent
 * the time between {@link #start}/{@link #startHere} and {@link #describe}: on a core (the JVM's thread CPU time),
 * blocked in their producer's flush and transaction calls (its cumulative {@code *-time-ns-total} metrics), and
 * runnable but waiting for a core (/proc schedstat); plus how busy the machine's cores were and, in
 * {@link #topThreads}, the JVM's threads by CPU, GC and JIT included. Together they show whether a worker is short
 * of CPU, waiting on the broker, or crowded out by other threads.
 */
final class ThreadTime {

    private static final String[] PRODUCER_WAITS = {
        "flush-time-ns-total", "txn-send-offsets-time-ns-total", "txn-commit-time-ns-total", "txn-begin-time-ns-total"
    };
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String namePrefix;
    private final Predicate<String> isWorker;
    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final long startedNanos;
    private final long[] started;
    private final long[] machineStarted;
    private final Map<Long, Long> threadCpuStarted;
    private final Map<String, Long> nativeStarted;
    private final long[] runQueueStarted;

    private ThreadTime(String namePrefix, Predicate<String> isWorker,
            Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.namePrefix = namePrefix;
        this.isWorker = isWorker;
        this.metrics = metrics;
        this.startedNanos = System.nanoTime();
        this.started = totals();
        this.machineStarted = machineTicks();
        this.threadCpuStarted = threadCpu();
        this.nativeStarted = nativeTicks();
        this.runQueueStarted = runQueueWaits();
    }

    /**
     * [nanoseconds the worker threads spent runnable but waiting for a core], from /proc's schedstat of the tasks
     * named like them (Linux names a task by the first 15 characters of its Java name); empty where there is none.
     */
    private long[] runQueueWaits() {
        Set<String> comms = new HashSet<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && isWorker.test(info.getThreadName())) {
                String name = info.getThreadName();
                comms.add(name.substring(0, Math.min(15, name.length())));
            }
        }
        long wait = 0;
        int matched = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (comms.contains(Files.readString(task.resolve("comm")).strip())) {
                        // schedstat: time on a core, time waiting on a run queue (ns), timeslices
                        wait += Long.parseLong(Files.readString(task.resolve("schedstat")).strip().split(" ")[1]);
                        matched++;
                    }
                } catch (IOException e) {
                    // the thread ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
        // the JVM's main thread is named "java" in /proc, not "main": nothing to say then, rather than 0%
        return matched == 0 ? new long[0] : new long[] {wait};
    }

    /**
     * Clock ticks of this process from /proc: "process" for the whole process, "kernel" for its time in the kernel
     * (the broker's page-cache writes land there), and the JVM's own threads (GC, JIT compilers), which the thread MX
     * bean does not list; empty where there is no /proc.
     */
    private static Map<String, Long> nativeTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long kernel = Long.parseLong(fields[12]);
                long used = Long.parseLong(fields[11]) + kernel;
                ticks.merge("process", used, Long::sum);
                ticks.merge("kernel", kernel, Long::sum);
                String group = comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "GC"
                        : comm.startsWith("C1 Comp") || comm.startsWith("C2 Comp") ? "JIT" : null;
                if (group != null) {
                    ticks.merge(group, used, Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            ticks.clear();
        }
        return ticks;
    }

    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            cpu.put(id, THREADS.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** The JVM's threads grouped by name (digits and the application id taken out), by CPU used since start. */
    String topThreads(int limit) {
        double wall = System.nanoTime() - startedNanos;
        Map<String, Long> byGroup = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            long before = threadCpuStarted.getOrDefault(info.getThreadId(), 0L);
            String group = (namePrefix.isEmpty() ? info.getThreadName()
                    : info.getThreadName().replace(namePrefix, "app")).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "")
                    .replaceAll("\\d+", "#");
            byGroup.merge(group, Math.max(0, cpu - before), Long::sum);
        }
        StringBuilder out = new StringBuilder("JVM threads by CPU (share of one core):");
        Map<String, Long> nativeNow = nativeTicks();
        double ticksPerSecond = 100; // USER_HZ on Linux
        for (String group : new String[] {"process", "kernel", "GC", "JIT"}) {
            if (nativeNow.containsKey(group)) {
                long used = nativeNow.get(group) - nativeStarted.getOrDefault(group, 0L);
                String label = group.equals("process") ? "whole process" : group.equals("kernel")
                        ? "of which in the kernel" : group;
                out.append(String.format(" %s %.0f%%;", label, 100 * used / ticksPerSecond / (wall / 1e9)));
            }
        }
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.append(String.format(" %s %.0f%%;", e.getKey(), 100 * e.getValue() / wall)));
        return out.toString();
    }

    /** For a Streams app: its stream threads, their producers' metrics. */
    static ThreadTime start(String applicationId, KafkaStreams streams) {
        return new ThreadTime(applicationId,
                name -> name.startsWith(applicationId) && name.matches(".*-StreamThread-\\d+$"), streams::metrics);
    }

    /** For a loop on the calling thread that sends with {@code producer}. */
    static ThreadTime startHere(KafkaProducer<?, ?> producer) {
        String self = Thread.currentThread().getName();
        return new ThreadTime("", self::equals, producer::metrics);
    }

    String describe() {
        double wall = System.nanoTime() - startedNanos;
        long[] now = totals();
        int threadCount = (int) now[now.length - 1];
        double perThread = wall * Math.max(1, threadCount);
        StringBuilder waits = new StringBuilder();
        double waitTotal = 0;
        for (int i = 0; i < PRODUCER_WAITS.length; i++) {
            double nanos = now[i + 1] - started[i + 1];
            waitTotal += nanos;
            waits.append(String.format(", %s %.0f%%", PRODUCER_WAITS[i].replace("-time-ns-total", ""),
                    100 * nanos / perThread));
        }
        long[] runQueue = runQueueWaits();
        String queued = runQueue.length == 0 || runQueueStarted.length == 0 ? "" : String.format(
                "; runnable waiting for a core %.0f%% (tasks named like them)",
                100.0 * (runQueue[0] - runQueueStarted[0]) / perThread);
        long[] machine = machineTicks();
        String cores = machine.length == 0 ? "" : String.format("; all %d cores busy %.0f%% of the time",
                Runtime.getRuntime().availableProcessors(),
                100.0 * (machine[0] - machineStarted[0]) / Math.max(1, machine[1] - machineStarted[1]));
        return String.format("worker threads: %d, each from 10%% to 100%% of the records: CPU %.0f%% of the wall "
                + "time, blocked in the producer's flush and transactions %.0f%% (%s)%s%s", threadCount,
                100 * (now[0] - started[0]) / perThread, 100 * waitTotal / perThread, waits.substring(2), queued,
                cores);
    }

    /** [busy ticks, all ticks] of the machine from /proc/stat; empty where there is none. */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < fields.length; i++) {
                all += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {all - idle, all};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /** [CPU nanos of the worker threads, each producer wait total..., number of worker threads]. */
    private long[] totals() {
        long[] totals = new long[PRODUCER_WAITS.length + 2];
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && isWorker.test(info.getThreadName())) {
                totals[0] += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
                totals[totals.length - 1]++;
            }
        }
        Map<MetricName, ? extends Metric> metrics = this.metrics.get();
        for (int i = 0; i < PRODUCER_WAITS.length; i++) {
            for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
                MetricName metric = entry.getKey();
                if (metric.group().equals("producer-metrics") && metric.name().equals(PRODUCER_WAITS[i])
                        && entry.getValue().metricValue() instanceof Number number) {
                    totals[i + 1] += number.longValue();
                }
            }
        }
        return totals;
    }
}
