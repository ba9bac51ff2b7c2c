package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.Screener;
import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.avro.FineTuneRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScreeningCascadeTest {
    /** Scores each record by the number in its id ("r-0.3" scores 0.3) and counts what it was asked to screen. */
    static class Fixed implements Screener {
        final String name;
        final double threshold;
        final double margin;
        final boolean settles;
        final List<String> seen = new ArrayList<>();

        Fixed(String name, double threshold, double margin, boolean settles) {
            this.name = name;
            this.threshold = threshold;
            this.margin = margin;
            this.settles = settles;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double threshold() {
            return threshold;
        }

        @Override
        public double margin() {
            return margin;
        }

        @Override
        public boolean settlesClean() {
            return settles;
        }

        @Override
        public List<Screening> screen(List<FineTuneRecord> batch) {
            List<Screening> out = new ArrayList<>();
            for (FineTuneRecord r : batch) {
                seen.add(r.getId().toString());
                String[] parts = r.getId().toString().split("-");
                out.add(Screening.of(Double.parseDouble(parts[name.equals("first") ? 1 : 2])));
            }
            return out;
        }
    }

    private static FineTuneRecord scored(double first, double second) {
        return Records.chat("r-" + first + "-" + second, "s", "user", "q", "assistant", "a");
    }

    @Test
    void sureScoresSettleAndUnsureOnesGoToTheNextStage() {
        Fixed first = new Fixed("first", 0.5, 0.2, true);
        Fixed second = new Fixed("second", 0.5, 0, true);
        List<ScreeningCascade.Result> r = new ScreeningCascade(List.of(first, second))
            .screen(List.of(scored(0.9, 0.0), scored(0.1, 0.9), scored(0.55, 0.2), scored(0.45, 0.8)));
        assertTrue(r.get(0).flagged(), "0.9 is above threshold + margin");
        assertEquals(List.of("first=0.900:quarantine"), r.get(0).path());
        assertFalse(r.get(1).flagged(), "0.1 settles clean; the second stage never sees it");
        assertEquals(List.of("first=0.100:clean"), r.get(1).path());
        assertFalse(r.get(2).flagged(), "0.55 is unsure; the second stage clears it");
        assertEquals(List.of("first=0.550:defer", "second=0.200:clean"), r.get(2).path());
        assertTrue(r.get(3).flagged(), "0.45 is unsure; the second stage quarantines it");
        assertEquals(List.of("r-0.55-0.2", "r-0.45-0.8"), second.seen, "only the unsure records reach the expensive stage");
    }

    @Test
    void aScreenerThatCannotVouchForCleanRecordsPassesThemOn() {
        Fixed keywords = new Fixed("first", 0.5, 0, false);
        Fixed classifier = new Fixed("second", 0.5, 0, true);
        List<ScreeningCascade.Result> r = new ScreeningCascade(List.of(keywords, classifier)).screen(List.of(scored(0.0, 0.7)));
        assertTrue(r.get(0).flagged());
        assertEquals(List.of("first=0.000:pass", "second=0.700:quarantine"), r.get(0).path());
        assertEquals(0.0, r.get(0).scores().get("first"));
    }

    @Test
    void aFailingScreenerQuarantinesItsBatchAndSaysSoInThePath() {
        Screener broken = new Fixed("first", 0.5, 0, true) {
            @Override
            public List<Screening> screen(List<FineTuneRecord> batch) {
                throw new IllegalStateException("boom");
            }
        };
        List<ScreeningCascade.Result> r = new ScreeningCascade(List.of(broken)).screen(List.of(scored(0.1, 0.1)));
        assertEquals(List.of("screener-error:first"), r.get(0).reasons());
        assertEquals(List.of("first:error"), r.get(0).path());
    }
}
