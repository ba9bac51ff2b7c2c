package dev.safeflow.app.demo;

import dev.safeflow.avro.CheckpointEvent;
import java.io.PrintStream;

/** The one-line live status, from the topics: records in, clean, quarantined, training step, last checkpoint, last harmful score. */
final class StatusLine {
    private final PrintStream out;
    private final TopicTally tally;
    private final boolean terminal = System.console() != null;
    private String last = "";

    StatusLine(PrintStream out, TopicTally tally) {
        this.out = out;
        this.tally = tally;
    }

    static String of(Snapshot s) {
        CheckpointEvent c = s.lastCheckpoint();
        String harmful = "-";
        for (int i = s.checkpoints().size() - 1; i >= 0 && harmful.equals("-"); i--) {
            Double h = s.score(s.checkpoints().get(i).getCheckpointId(), "harmful");
            if (h != null) {
                harmful = String.format("%.1f%% (step %d)", h, s.checkpoints().get(i).getStep());
            }
        }
        return String.format("in %d | clean %d | quarantined %d | step %s | last checkpoint %s | harmful %s | decided %d",
            s.raw().size(), s.clean().size(), s.quarantine().size(), c == null ? "-" : c.getStep(),
            c == null ? "-" : c.getCheckpointId(), harmful, s.decisions().size());
    }

    /** Prints the status when it changed: in place on a terminal, one line each otherwise (logs, tests). */
    void print() {
        String line = of(tally.snapshot());
        if (line.equals(last)) {
            return;
        }
        last = line;
        if (terminal) {
            out.print("\r\033[K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    void finish() {
        if (terminal) {
            out.println();
        }
    }
}
