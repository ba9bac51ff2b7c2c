package dev.safeflow.trainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory from /proc (Linux); 0 where there is no /proc. */
final class Rss {

    private Rss() {}

    /** Peak resident set size (VmHWM) since start or the last {@link #resetPeak}, in KiB. */
    static long peakKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Starts a new peak: writing 5 to clear_refs resets VmHWM (Linux 4.0+); ignored where it cannot. */
    static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // the peak then covers the run so far, an upper bound of the method's own
        }
    }
}
