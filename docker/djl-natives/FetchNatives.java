import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs once while the trainer image builds: lets DJL download the PyTorch native library of the flavor
 * in PYTORCH_FLAVOR (cu128) into DJL_CACHE_DIR, exactly where DJL looks for it when the trainer starts.
 * Loading it may fail here, since no GPU driver is mounted during a build; only the files matter, and
 * the build fails with a clear line when they are missing.
 *
 * <p>Run with the JDK's source launcher: {@code java -cp 'target/lib/*' FetchNatives.java}.
 */
public final class FetchNatives {
    public static void main(String[] args) throws IOException {
        String flavor = System.getenv("PYTORCH_FLAVOR");
        String cacheDir = System.getenv("DJL_CACHE_DIR");
        if (flavor == null || !flavor.startsWith("cu") || cacheDir == null) {
            System.err.println("FetchNatives: set PYTORCH_FLAVOR to a CUDA flavor (e.g. cu128) and DJL_CACHE_DIR"
                + " (now " + flavor + ", " + cacheDir + ")");
            System.exit(2);
        }
        try {
            LibUtils.loadLibrary();
            System.out.println("FetchNatives: libtorch " + LibUtils.getVersion() + " loaded from " + LibUtils.getLibtorchPath());
        } catch (Throwable e) {
            // Expected without a GPU driver, after a good download; the check below tells the two apart.
            System.out.println("FetchNatives: libtorch not loaded in the build (" + e + ")");
        }
        List<Path> found = cudaLibtorch(Path.of(cacheDir, "pytorch"));
        if (found.isEmpty()) {
            System.err.println("FetchNatives: no CUDA libtorch under " + cacheDir + "/pytorch: DJL could not download"
                + " flavor " + flavor + "; the image build needs network access to DJL's download site,"
                + " or provide libtorch yourself with PYTORCH_LIBRARY_PATH (docs/deployment.md)");
            System.exit(1);
        }
        System.out.println("FetchNatives: " + found);
    }

    /** Directories like {@code 2.7.1-cu128-linux-x86_64} that hold a libtorch.so. */
    private static List<Path> cudaLibtorch(Path pytorchCache) throws IOException {
        if (!Files.isDirectory(pytorchCache)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(pytorchCache)) {
            return dirs.filter(d -> d.getFileName().toString().contains("-cu"))
                .filter(d -> Files.isRegularFile(d.resolve("libtorch.so")))
                .toList();
        }
    }
}
