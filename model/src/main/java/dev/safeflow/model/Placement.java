package dev.safeflow.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a trained model lives and in which precision its frozen base weights are held: {@code device} is
 * {@code auto} (the first CUDA device when there is one, else the CPU), {@code cpu} or {@code cuda:N};
 * {@code dtype} is {@code auto} (the checkpoint's bfloat16/float16 on CUDA, float32 on the CPU),
 * {@code float32}, {@code bfloat16} or {@code float16}. LoRA tensors, probes, optimizer state and
 * activations are float32 whatever the base precision.
 *
 * <p>Half precision needs CUDA: the CPU build of libtorch that safeflow ships aborts the JVM on a BF16
 * array (DESIGN.md), so it is refused on the CPU with a sentence saying so rather than attempted.
 */
public record Placement(String device, String dtype) {

    public static final List<String> DTYPES = List.of("auto", "float32", "bfloat16", "float16");
    private static final Pattern DEVICE = Pattern.compile("auto|cpu|cuda:(\\d+)");

    public Placement {
        device = device.strip().toLowerCase(Locale.ROOT);
        dtype = dtype.strip().toLowerCase(Locale.ROOT);
        if (!isDevice(device)) {
            throw new ModelException("device '" + device + "' is not auto, cpu or cuda:N (N = 0, 1, ...)");
        }
        if (!DTYPES.contains(dtype)) {
            throw new ModelException("dtype '" + dtype + "' is not one of " + DTYPES);
        }
    }

    /** auto/auto: a CUDA device and the checkpoint's precision where there is one, else CPU and float32. */
    public static Placement auto() {
        return new Placement("auto", "auto");
    }

    /** Whether {@code spec} is auto, cpu or cuda:N. */
    public static boolean isDevice(String spec) {
        return DEVICE.matcher(spec.strip().toLowerCase(Locale.ROOT)).matches();
    }

    /** The device on this machine with this build of libtorch; a missing CUDA device is a user error. */
    public Device resolveDevice() {
        int gpus = Djl.engine().getGpuCount();
        if (device.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (device.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = DEVICE.matcher(device);
        m.matches();
        int n = Integer.parseInt(m.group(1));
        if (n >= gpus) {
            throw new ModelException("device " + device + " is not available: libtorch sees " + gpus
                    + " CUDA device(s) here" + (gpus == 0 ? " (the classpath holds the CPU build of libtorch; see"
                    + " docs/deployment.md for the CUDA one)" : "") + "; use cpu or auto");
        }
        return Device.gpu(n);
    }

    /** The precision of the frozen base weights for {@code config} on {@code on}. */
    public DataType resolveDtype(ModelConfig config, Device on) {
        boolean cuda = on.isGpu();
        String wanted = dtype.equals("auto") ? (cuda ? config.torchDtype() : "float32") : dtype;
        return switch (wanted) {
            case "bfloat16", "float16" -> {
                if (!cuda) {
                    throw new ModelException("dtype " + wanted + " needs a CUDA device: the CPU build of libtorch"
                            + " aborts on half-precision arrays; use float32 or auto on the CPU");
                }
                yield wanted.equals("bfloat16") ? DataType.BFLOAT16 : DataType.FLOAT16;
            }
            default -> DataType.FLOAT32;
        };
    }
}
