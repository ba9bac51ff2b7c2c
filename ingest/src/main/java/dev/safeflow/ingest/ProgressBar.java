package dev.safeflow.ingest;

import java.io.PrintStream;

/**
 * The file-ingest progress line: a bar over the file's bytes (unknown for stdin), records, rate and
 * bad lines. On a terminal it redraws in place a few times a second; otherwise (a log) it prints a
 * line every ten seconds so logs stay readable.
 */
public final class ProgressBar implements FileIngester.Listener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final long intervalNanos;
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        this.intervalNanos = interactive ? 200_000_000L : 10_000_000_000L;
    }

    @Override
    public void progress(FileIngester.Progress p, boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastDraw < intervalNanos) {
            return;
        }
        lastDraw = now;
        String line = render(p);
        if (interactive) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
        drawn = true;
    }

    static String render(FileIngester.Progress p) {
        String bar;
        if (p.totalBytes() > 0) {
            double f = Math.min(1.0, (double) p.bytesDone() / p.totalBytes());
            int filled = (int) Math.round(f * WIDTH);
            bar = "[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + String.format("] %3.0f%%", f * 100);
        } else {
            bar = "[" + " ".repeat(WIDTH) + "]    ";
        }
        double rate = p.seconds() > 0 ? p.counters().read() / p.seconds() : 0;
        return String.format("%s %s %,d records %,.0f/s %,d bad", p.input(), bar, p.counters().read(), rate,
            p.counters().rejected());
    }

    boolean drawn() {
        return drawn;
    }
}
