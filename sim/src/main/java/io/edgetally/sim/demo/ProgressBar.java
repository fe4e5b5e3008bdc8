package io.edgetally.sim.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One status line redrawn in place on a terminal; on a pipe or CI log (no console) a plain line every tenth of
 * the way, so logs stay readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 28;

    private final PrintStream out;
    private final boolean interactive;
    private int lastDecile = -1;
    private long lastDrawNanos;
    private int lastLength;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public static ProgressBar forConsole(PrintStream out) {
        return new ProgressBar(out, System.console() != null);
    }

    /** Shows {@code fraction} done (0..1) and a short status; cheap to call every cycle. */
    public void update(double fraction, Supplier<String> status) {
        double f = Math.max(0, Math.min(1, fraction));
        if (interactive) {
            long now = System.nanoTime();
            if (now - lastDrawNanos < 50_000_000L && f < 1) {
                return; // at most 20 redraws a second; the status is not even formatted
            }
            lastDrawNanos = now;
            int filled = (int) Math.round(f * WIDTH);
            String line = String.format(Locale.ROOT, "[%s%s] %3.0f%% %s", "#".repeat(filled), "-".repeat(WIDTH - filled),
                    f * 100, status.get());
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastLength = line.length();
            out.flush();
        } else {
            int decile = (int) Math.floor(f * 10);
            if (decile > lastDecile) {
                lastDecile = decile;
                out.printf(Locale.ROOT, "%3d%% %s%n", decile * 10, status.get());
            }
        }
    }

    /** Ends the redrawn line so what follows starts on its own. */
    public void finish() {
        if (interactive) {
            out.println();
        }
    }
}
