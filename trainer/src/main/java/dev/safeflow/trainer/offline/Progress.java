package dev.safeflow.trainer.offline;

import dev.safeflow.trainer.step.StepMetrics;
import java.io.PrintStream;

/** A one-line progress bar on a terminal; one line per 10% of the run otherwise (logs, CI). */
final class Progress {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private long lastDecile = -1;

    Progress(PrintStream out) {
        this.out = out;
    }

    void update(long step, long total, StepMetrics m, double evalLoss) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * step / total);
        String eval = Double.isNaN(evalLoss) ? "-" : String.format("%.4f", evalLoss); // not evaluated yet
        String line = String.format("[%s%s] %d/%d  loss %.4f  eval %s  %.0f tok/s  %.0f ms/step", "#".repeat(filled),
                ".".repeat(WIDTH - filled), step, total, m.taskLoss(), eval, m.tokensPerSecond(), m.millis());
        if (terminal) {
            out.print("\r" + line);
        } else {
            long decile = total <= 0 ? step : step * 10 / total;
            if (decile != lastDecile || step == total) {
                out.println(line);
                lastDecile = decile;
            }
        }
    }

    void done() {
        if (terminal) {
            out.println();
        }
    }
}
