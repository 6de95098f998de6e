package io.kkbridge.sandbox.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@code kkb} in this JVM as a user runs it, capturing what it prints. */
public final class Kkb {

    /** Exit code, stdout and stderr of one run. */
    public record Run(int exit, String out, String err) {

        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        /** Everything, for assertion messages. */
        public String all() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** A run going on in another thread. */
    public static final class Running {
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<Run> result;

        private Running(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            result = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                int exit = KkbTools.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
                return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            });
        }

        /** Waits until stderr holds {@code text}; false if the run ended or the time passed first. */
        public boolean awaitErr(String text, java.time.Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !result.isDone()) {
                if (err.toString(StandardCharsets.UTF_8).contains(text)) {
                    return true;
                }
                Thread.sleep(20);
            }
            return err.toString(StandardCharsets.UTF_8).contains(text);
        }

        public Run await(java.time.Duration timeout) throws Exception {
            return result.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private Kkb() {
    }

    /** Starts a run in another thread. */
    public static Running start(String... args) {
        return new Running(args);
    }

    public static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KkbTools.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
