package io.kkbridge.sandbox.tools;

import java.io.PrintStream;
import java.util.function.ToDoubleFunction;

/**
 * Progress on stderr while records are sent: a bar with percentage, rate and ETA redrawn in place on a terminal, or
 * a plain line every few seconds otherwise (a log, a pipe, CI). Without a known total the bar shows counts only.
 */
public final class ProgressReporter {

    /** How progress is shown. */
    public enum Mode {
        /** {@link #BAR} on a terminal, {@link #LINES} otherwise. */
        AUTO,
        BAR,
        LINES,
        NONE
    }

    private static final long BAR_INTERVAL_NANOS = 200_000_000L;
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintStream err;
    private final Mode mode;
    private final ToDoubleFunction<SendStats> fraction;
    private final SendClock clock;
    private long lastDrawn = Long.MIN_VALUE;
    private boolean drewBar;

    /**
     * @param fraction share of the work done, 0 to 1, or NaN when the total is unknown (stdin, no --count)
     */
    public ProgressReporter(PrintStream err, Mode mode, ToDoubleFunction<SendStats> fraction, SendClock clock) {
        this.err = err;
        this.mode = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LINES) : mode;
        this.fraction = fraction;
        this.clock = clock;
    }

    public Mode mode() {
        return mode;
    }

    /** Called often; draws at most every 200 ms (bar) or 5 s (lines). */
    public void update(SendStats stats) {
        long now = clock.nanoTime();
        long interval = mode == Mode.BAR ? BAR_INTERVAL_NANOS : LINE_INTERVAL_NANOS;
        if (mode == Mode.NONE || (lastDrawn != Long.MIN_VALUE && now - lastDrawn < interval)) {
            return;
        }
        if (lastDrawn == Long.MIN_VALUE) {
            // the first call only starts the clock: a line at 0 records says nothing
            lastDrawn = now;
            return;
        }
        lastDrawn = now;
        draw(stats);
    }

    /** The last state, and the end of the bar's line. */
    public void finish(SendStats stats) {
        if (mode == Mode.BAR) {
            draw(stats);
            err.println();
        } else if (mode == Mode.LINES && drewBar) {
            draw(stats);
        }
        err.flush();
    }

    private void draw(SendStats stats) {
        double done = fraction.applyAsDouble(stats);
        boolean known = !Double.isNaN(done);
        done = known ? Math.max(0, Math.min(1, done)) : 0;
        StringBuilder line = new StringBuilder();
        if (mode == Mode.BAR) {
            line.append('\r');
            if (known) {
                int filled = (int) Math.round(done * BAR_WIDTH);
                line.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                        .append(String.format("%3.0f%%  ", done * 100));
            }
        } else if (known) {
            line.append(String.format("%3.0f%%  ", done * 100));
        }
        line.append(String.format("%,d records sent  %,.0f rec/s  %s", stats.recordsSent(),
                stats.recordsPerSecond(), clockText(stats.elapsedNanos())));
        if (known && done > 0 && done < 1) {
            long etaNanos = (long) (stats.elapsedNanos() * (1 - done) / done);
            line.append("  ETA ").append(clockText(etaNanos));
        }
        if (stats.retriedRecords() > 0) {
            line.append(String.format("  retried %,d", stats.retriedRecords()));
        }
        if (mode == Mode.BAR) {
            line.append("   ");
            err.print(line);
        } else {
            err.println(line);
        }
        err.flush();
        drewBar = true;
    }

    /** m:ss or h:mm:ss. */
    static String clockText(long nanos) {
        long seconds = Math.max(0, nanos / 1_000_000_000L);
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }
}
