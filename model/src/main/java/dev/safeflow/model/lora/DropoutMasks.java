package dev.safeflow.model.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * LoRA dropout on the CPU, with its masks drawn in Java. libtorch's CPU {@code bernoulli_} draws one element at a time
 * from a serial generator, about 14 ns per element: at SmolLM2-135M's shape (two masks of 1,024 × 576 per layer, 30
 * layers) that was 5–6% of an SFT step. A {@link SplittableRandom} fills the same mask at about a nanosecond per
 * element.
 *
 * <p>Each thread has one stream, reseeded by {@link #reseed}: the trainer reseeds it before every pass of a step (as
 * it reseeds the engine's generator), so every pass of a step draws the same masks, in the order the model asks for
 * them, and a resumed run draws what an uninterrupted one did. An element is kept with probability {@code 1 - p}
 * (a 24-bit uniform at or above {@code p}, as a float {@code bernoulli_} compares) and scaled by {@code 1 / (1 - p)},
 * as {@code torch.nn.functional.dropout} does. On other devices the engine's own dropout runs, seeded by the engine.
 */
public final class DropoutMasks {
    private static final ThreadLocal<DropoutMasks> STREAM = ThreadLocal.withInitial(DropoutMasks::new);

    private SplittableRandom random = new SplittableRandom(0);
    private float[] values = new float[0];
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    private DropoutMasks() {
    }

    /** Restarts this thread's mask stream at {@code seed}. */
    public static void reseed(long seed) {
        STREAM.get().random = new SplittableRandom(seed);
    }

    /** {@code x} with each element zeroed with probability {@code p} and the rest scaled by {@code 1 / (1 - p)}. */
    public static NDArray apply(NDArray x, float p) {
        if (!Device.Type.CPU.equals(x.getDevice().getDeviceType()) || x.getDataType() != DataType.FLOAT32) {
            return Dropout.dropout(x, p, true).singletonOrThrow();
        }
        try (NDArray mask = STREAM.get().mask(x, p)) {
            return x.mul(mask);
        }
    }

    /** The next mask of {@code x}'s shape, values 0 and {@code 1 / (1 - p)}, in memory libtorch owns. */
    private NDArray mask(NDArray x, float p) {
        int n = Math.toIntExact(x.size());
        if (values.length < n) {
            values = new float[n];
            buffer = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
        }
        float keep = 1f / (1f - p);
        int threshold = (int) Math.ceil(p * (1 << 24)); // kept when a 24-bit uniform u satisfies u / 2^24 >= p
        float[] v = values;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = random.nextLong();
            v[i] = (int) (bits >>> 40) >= threshold ? keep : 0f;
            v[i + 1] = (int) ((bits >>> 8) & 0xFFFFFF) >= threshold ? keep : 0f;
        }
        if (i < n) {
            v[i] = (int) (random.nextLong() >>> 40) >= threshold ? keep : 0f;
        }
        FloatBuffer floats = buffer.asFloatBuffer();
        floats.put(v, 0, n);
        ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder()).limit(4 * n);
        // The engine wraps a direct buffer without copying; the clone makes the mask libtorch's own, so autograd may
        // keep it past this call while the buffer is refilled for the next mask. (toType to the same type would alias.)
        try (NDArray wrapped = x.getManager().create(view, x.getShape(), DataType.FLOAT32)) {
            return wrapped.duplicate();
        }
    }
}
