package dev.safeflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.io.SafeTensors;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed tiny models under src/test/resources/models (made by scripts/make_fixtures.py). */
public final class Fixtures {

    private Fixtures() {}

    public static Path model(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/models/" + name + "/").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {tokens (T) int64, logits (T, V) f32} from a fixture's golden.safetensors. */
    public static NDArray golden(String name, String tensor, NDManager manager) {
        try (SafeTensors st = SafeTensors.open(model(name).resolve("golden.safetensors"))) {
            return st.read(tensor, manager);
        }
    }

    public static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
