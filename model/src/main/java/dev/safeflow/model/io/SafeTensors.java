package dev.safeflow.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one {@code .safetensors} file: an 8-byte little-endian header length, a JSON header of
 * {@code name -> {dtype, shape, data_offsets}}, then raw little-endian tensor bytes.
 *
 * <p>Tensors are memory-mapped one at a time and copied into a reused native staging buffer, so
 * loading a large checkpoint never holds more than one tensor outside libtorch. F16 and BF16 are
 * widened to F32 on the way, because a BF16 NDArray aborts DJL's CPU build.
 */
public final class SafeTensors implements AutoCloseable {

    /** One tensor's entry in the header. */
    public record Entry(String dtype, long[] shape, long begin, long end) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private ByteBuffer staging = ByteBuffer.allocateDirect(0);

    private SafeTensors(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(len, 0);
        long headerLen = len.getLong(0);
        if (headerLen <= 0 || headerLen > 100_000_000 || 8 + headerLen > channel.size()) {
            throw new ModelException(file + " is not a safetensors file (header length " + headerLen + ")");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(header, 8);
        dataStart = 8 + headerLen;
        JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            entries.put(e.getKey(), new Entry(t.get("dtype").asText(), shape,
                    t.get("data_offsets").get(0).asLong(), t.get("data_offsets").get(1).asLong()));
        }
    }

    /** Opens a file; errors name the file. */
    public static SafeTensors open(Path file) {
        try {
            return new SafeTensors(file);
        } catch (IOException e) {
            throw new ModelException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    public Set<String> names() {
        return entries.keySet();
    }

    public Entry entry(String name) {
        return entries.get(name);
    }

    public Path file() {
        return file;
    }

    /**
     * Reads a tensor into {@code manager}: floats come back as F32, integers as I64 or I32.
     *
     * <p>Large tensors are read in slices of whole rows, so neither a mapping nor the staging buffer
     * ever exceeds {@link #chunkBytes} (Java buffers stop at 2 GiB; Llama 3's F32 embedding is larger).
     *
     * @throws ModelException if the name is absent or the dtype is not one safeflow reads
     */
    public NDArray read(String name, NDManager manager) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelException("tensor " + name + " is in no header of " + file);
        }
        int width = switch (e.dtype) {
            case "F32", "I32" -> 4;
            case "I64" -> 8;
            case "BF16", "F16" -> 2;
            default -> throw new ModelException("tensor " + name + " in " + file + " has dtype " + e.dtype
                    + "; safeflow reads F32, F16, BF16, I32 and I64");
        };
        DataType type = switch (e.dtype) {
            case "I64" -> DataType.INT64;
            case "I32" -> DataType.INT32;
            default -> DataType.FLOAT32;
        };
        Shape shape = new Shape(e.shape);
        long rows = shape.dimension() == 0 ? 1 : shape.get(0);
        long rowElems = rows == 0 ? 0 : shape.size() / rows;
        long outRowBytes = Math.max(1, rowElems * type.getNumOfBytes());
        long rowsPerChunk = Math.max(1, chunkBytes / outRowBytes);
        if (rowsPerChunk >= rows) {
            NDArray owned = chunk(e, 0, shape.size(), width, type, shape, manager);
            owned.setName(name);
            return owned;
        }
        NDArray out = manager.create(shape, type);
        for (long r = 0; r < rows; r += rowsPerChunk) {
            long n = Math.min(rowsPerChunk, rows - r);
            Shape part = new Shape(n).addAll(shape.slice(1));
            try (NDArray piece = chunk(e, r * rowElems, n * rowElems, width, type, part, manager)) {
                out.set(new NDIndex(r + ":" + (r + n)), piece);
            }
        }
        out.setName(name);
        return out;
    }

    /** Elements [first, first + count) of a tensor, widened, as an array of {@code shape}. */
    private NDArray chunk(Entry e, long first, long count, int width, DataType type, Shape shape, NDManager m) {
        MappedByteBuffer src = map(e.begin + first * width, count * width);
        ensure(count * type.getNumOfBytes());
        switch (e.dtype) {
            case "BF16" -> widen(src, count, true);
            case "F16" -> widen(src, count, false);
            default -> staging.put(src);
        }
        staging.flip();
        // The staging buffer is reused, so hand libtorch its own copy.
        try (NDArray view = m.create(staging, shape, type)) {
            return view.duplicate();
        }
    }

    /** Largest mapping and staging buffer; a test lowers it to exercise chunking. */
    static long chunkBytes = 256L << 20;

    private MappedByteBuffer map(long offset, long length) {
        try {
            MappedByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offset, length);
            b.order(ByteOrder.LITTLE_ENDIAN);
            return b;
        } catch (IOException ex) {
            throw new ModelException("cannot map " + file + ": " + ex.getMessage(), ex);
        }
    }

    private void ensure(long bytes) {
        if (staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
        }
        staging.clear();
    }

    private void widen(ByteBuffer src, long count, boolean bf16) {
        ensure(count * 4);
        for (long i = 0; i < count; i++) {
            short s = src.getShort();
            staging.putFloat(bf16 ? Float.intBitsToFloat((s & 0xffff) << 16) : halfToFloat(s));
        }
    }

    /** IEEE 754 binary16 to float, including subnormals, infinities and NaN. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private void readFully(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = channel.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }
}
