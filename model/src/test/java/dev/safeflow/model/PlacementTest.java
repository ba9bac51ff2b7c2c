package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** Device and base-weight precision on this CPU build: float32 on the CPU, and clear refusals otherwise. */
class PlacementTest {

    private static final ModelConfig BF16_CHECKPOINT = ModelConfig.load(Fixtures.model("llama3-tied-bf16"));

    @Test
    void autoIsTheCpuAndFloat32WithoutCuda() {
        Device d = Placement.auto().resolveDevice();
        assertEquals(Device.cpu(), d);
        assertEquals("bfloat16", BF16_CHECKPOINT.torchDtype());
        assertEquals(DataType.FLOAT32, Placement.auto().resolveDtype(BF16_CHECKPOINT, d));
        assertEquals(DataType.FLOAT32, new Placement("cpu", "float32").resolveDtype(BF16_CHECKPOINT, Device.cpu()));
    }

    @Test
    void aCudaDeviceThatIsNotThereIsOneSentence() {
        ModelException e = assertThrows(ModelException.class, () -> new Placement("cuda:0", "auto").resolveDevice());
        assertTrue(e.getMessage().startsWith("device cuda:0 is not available: libtorch sees 0 CUDA device(s) here"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; use cpu or auto"), e.getMessage());
    }

    @Test
    void halfPrecisionOnTheCpuIsRefusedBeforeAnyHalfArrayExists() {
        ModelException e = assertThrows(ModelException.class,
                () -> new Placement("cpu", "bfloat16").resolveDtype(BF16_CHECKPOINT, Device.cpu()));
        assertTrue(e.getMessage().startsWith("dtype bfloat16 needs a CUDA device"), e.getMessage());
        assertThrows(ModelException.class, () -> new Placement("cpu", "float16").resolveDtype(BF16_CHECKPOINT,
                Device.cpu()));
    }

    @Test
    void malformedDeviceAndDtypeAreRefused() {
        assertTrue(Placement.isDevice("cuda:1") && Placement.isDevice(" CPU ") && !Placement.isDevice("gpu"));
        assertThrows(ModelException.class, () -> new Placement("gpu0", "auto"));
        assertThrows(ModelException.class, () -> new Placement("auto", "fp8"));
    }
}
