package dev.safeflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.safeflow.records.input.InputSource;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.records.input.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputReadersTest {
    @TempDir
    Path dir;

    static List<RawRecord> readAll(String arg, byte[] stdin, int max) throws IOException {
        List<RawRecord> out = new ArrayList<>();
        try (RecordReader reader = InputSource.reader(arg, new ByteArrayInputStream(stdin), max)) {
            for (RawRecord r; (r = reader.next()) != null; ) {
                out.add(r);
            }
        }
        return out;
    }

    static String text(RawRecord r) {
        return new String(r.raw(), StandardCharsets.UTF_8);
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void jsonLinesKeepPhysicalLineNumbersAndSkipBlankLines() throws IOException {
        Path f = write("a.jsonl", "{\"text\":\"a\"}\r\n\n   \n{\"text\":\"b\"}");
        List<RawRecord> r = readAll(f.toString(), new byte[0], 1000);
        assertEquals(2, r.size());
        assertEquals(1, r.get(0).line());
        assertEquals("{\"text\":\"a\"}", text(r.get(0)));
        assertEquals(4, r.get(1).line());
    }

    @Test
    void gzipIsRecognisedByItsContentNotItsName() throws IOException {
        Path f = dir.resolve("data.bin");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("{\"text\":\"a\"}\n{\"text\":\"b\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(2, readAll(f.toString(), new byte[0], 1000).size());
    }

    @Test
    void stdinIsReadForDash() throws IOException {
        List<RawRecord> r = readAll("-", "{\"text\":\"a\"}\n".getBytes(StandardCharsets.UTF_8), 1000);
        assertEquals(List.of("{\"text\":\"a\"}"), r.stream().map(InputReadersTest::text).toList());
    }

    @Test
    void jsonArrayElementsCarryTheLineTheyStartOn() throws IOException {
        Path f = write("a.json", "[\n  {\"text\":\"a\"},\n  {\"text\":\n \"b\"}\n]\n");
        List<RawRecord> r = readAll(f.toString(), new byte[0], 1000);
        assertEquals(2, r.size());
        assertEquals(2, r.get(0).line());
        assertEquals(3, r.get(1).line());
        assertEquals("b", r.get(1).node().get("text").asText());
    }

    @Test
    void brokenJsonArrayEndsWithOneRejectionAfterTheGoodElements() throws IOException {
        Path f = write("a.json", "[{\"text\":\"a\"},\n{\"text\": oops}, {\"text\":\"c\"}]");
        List<RawRecord> r = readAll(f.toString(), new byte[0], 1000);
        assertEquals(2, r.size());
        assertNull(r.get(0).error());
        assertEquals(RejectReason.MALFORMED_JSON, r.get(1).error());
        assertEquals(2, r.get(1).line());
    }

    @Test
    void csvRowsBecomeObjectsAndQuotedNewlinesStayInOneRecord() throws IOException {
        Path f = write("a.csv", "instruction,input,output\nq1,,\"a, \"\"quoted\"\"\"\n\"multi\nline\",x,y\nonly,two\n");
        List<RawRecord> r = readAll(f.toString(), new byte[0], 1000);
        assertEquals(3, r.size());
        assertEquals("a, \"quoted\"", r.get(0).node().get("output").asText());
        assertEquals(2, r.get(0).line());
        assertEquals("multi\nline", r.get(1).node().get("instruction").asText());
        assertEquals(3, r.get(1).line());
        assertEquals(RejectReason.MALFORMED_CSV, r.get(2).error());
        assertEquals(5, r.get(2).line());
    }

    @Test
    void csvOnStdinIsRecognisedByItsFirstByte() throws IOException {
        List<RawRecord> r = readAll("-", "text\nhello\n".getBytes(StandardCharsets.UTF_8), 1000);
        assertEquals("hello", r.get(0).node().get("text").asText());
    }

    @Test
    void overlongLineKeepsOnlyTheLimitButCountsItsLength() throws IOException {
        Path f = write("a.jsonl", "{\"text\":\"" + "x".repeat(500) + "\"}\n{\"text\":\"b\"}\n");
        List<RawRecord> r = readAll(f.toString(), new byte[0], 100);
        assertEquals(2, r.size());
        assertEquals(100, r.get(0).raw().length);
        assertEquals(9 + 500 + 2, r.get(0).totalBytes());
        assertEquals(2, r.get(1).line());
    }

    @Test
    void missingFileIsAUserErrorNamingThePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> readAll(dir.resolve("nope.jsonl").toString(), new byte[0], 100));
        assertEquals("input file " + dir.resolve("nope.jsonl") + " does not exist: check the path", e.getMessage());
    }
}
