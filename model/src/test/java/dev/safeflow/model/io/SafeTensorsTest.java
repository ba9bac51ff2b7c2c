package dev.safeflow.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.Djl;
import dev.safeflow.model.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @Test
    void halfPrecisionWidensExactly() {
        assertEquals(1.0f, SafeTensors.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, SafeTensors.halfToFloat((short) 0xC000));
        assertEquals(0x1p-24f, SafeTensors.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7BFF));
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7E00)));
    }

    @Test
    void tensorsReadInRowChunksEqualTensorsReadWhole() {
        long saved = SafeTensors.chunkBytes;
        try (NDManager m = Djl.newManager()) {
            for (String model : new String[] {"llama-gqa", "qwen2-f16"}) {
                Path file = Fixtures.model(model).resolve("model.safetensors");
                try (SafeTensors st = SafeTensors.open(file)) {
                    NDArray whole = st.read("model.embed_tokens.weight", m);
                    SafeTensors.chunkBytes = 5 * 32 * 4; // 5 rows of 32 floats: 13 uneven chunks
                    NDArray chunked = st.read("model.embed_tokens.weight", m);
                    SafeTensors.chunkBytes = saved;
                    assertEquals(whole.getShape(), chunked.getShape());
                    assertEquals(0f, Fixtures.maxAbsDiff(whole, chunked), model);
                }
            }
        } finally {
            SafeTensors.chunkBytes = saved;
        }
    }

    @Test
    void writtenTensorsReadBackBitForBit(@TempDir Path dir) {
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("a", m.create(new float[] {1.5f, -0f, Float.MIN_VALUE}, new Shape(3)));
            t.put("ids", m.create(new long[] {1, 2, 3, 4}, new Shape(2, 2)));
            SafeTensorsWriter.write(dir.resolve("x.safetensors"), t);
            try (SafeTensors st = SafeTensors.open(dir.resolve("x.safetensors"))) {
                assertArrayEquals(new float[] {1.5f, -0f, Float.MIN_VALUE}, st.read("a", m).toFloatArray());
                assertArrayEquals(new long[] {1, 2, 3, 4}, st.read("ids", m).toLongArray());
                assertEquals("I64", st.entry("ids").dtype());
            }
        }
    }
}
