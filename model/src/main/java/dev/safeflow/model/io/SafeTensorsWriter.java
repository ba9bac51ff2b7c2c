package dev.safeflow.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Writes NDArrays (F32, I32, I64) as one {@code .safetensors} file, in the map's order. */
public final class SafeTensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensorsWriter() {}

    public static void write(Path file, Map<String, NDArray> tensors) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            long bytes = a.size() * a.getDataType().getNumOfBytes();
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype(e.getKey(), a.getDataType()));
            var shape = t.putArray("shape");
            for (long d : a.getShape().getShape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // keeps tensor data 8-byte aligned, as the format recommends
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, head);
            for (NDArray a : tensors.values()) {
                ByteBuffer data = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                writeFully(ch, data);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new ModelException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String dtype(String name, DataType t) {
        return switch (t) {
            case FLOAT32 -> "F32";
            case INT32 -> "I32";
            case INT64 -> "I64";
            default -> throw new IllegalArgumentException("tensor " + name + " has type " + t
                    + "; convert it to float32 before saving");
        };
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
