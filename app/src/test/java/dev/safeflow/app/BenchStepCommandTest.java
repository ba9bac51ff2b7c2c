package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench step}: the DJL side of model/scripts/bench_model.py, which parses its one line. */
class BenchStepCommandTest {

    @Test
    void printsTheLineTheScriptParsesWithTheShapeItRan() {
        CliTest.Run r = CliTest.run("bench", "step", "--batch", "2", "--seq-len", "16", "--steps", "1", "--warmup", "0");
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher m = Pattern.compile("djl forward\\+backward: ([\\d.]+) tokens/s \\(([\\d.]+) ms/step, batch 2 x 16, ([\\d,]+) params\\)")
            .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0, r.out());
        double tokensPerSecond = Double.parseDouble(m.group(1));
        // tokens/s is the batch's tokens over the median step, which is printed to 0.1 ms
        assertEquals(2 * 16 / (Double.parseDouble(m.group(2)) / 1000), tokensPerSecond, tokensPerSecond * 0.01, r.out());
        // hidden 256 x vocab 1,024 tied, 4 layers of attention and MLP, norms: the small config's frozen base
        long params = Long.parseLong(m.group(3).replace(",", ""));
        assertTrue(params > 2_500_000 && params < 3_500_000, r.out());
    }

    @Test
    void aOneTokenSequenceIsRefusedWithTheRule() {
        CliTest.Run r = CliTest.run("bench", "step", "--seq-len", "1");
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--seq-len at least 2"), r.err());
    }
}
