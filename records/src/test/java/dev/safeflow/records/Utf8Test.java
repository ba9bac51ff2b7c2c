package dev.safeflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void asciiAndEveryScriptDecodeAsTheyWereWritten() {
        for (String text : new String[] {"", "plain ascii {\"a\":1}", "Grüße, привет, 你好, مرحبا, 👋🏽", "\u0000\u007f"}) {
            assertEquals(text, Utf8.strict(text.getBytes(StandardCharsets.UTF_8)), text);
        }
    }

    @Test
    void badSequencesAreRefusedNotReplaced() {
        byte[][] bad = {
            {(byte) 0xff},                                      // never valid
            {'a', (byte) 0xc3},                                 // cut short
            {(byte) 0xc0, (byte) 0x80},                         // overlong NUL
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},            // a UTF-16 surrogate written as UTF-8
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            "latin-1 caf\u00e9".getBytes(StandardCharsets.ISO_8859_1),
        };
        for (byte[] b : bad) {
            assertNull(Utf8.strict(b));
        }
    }
}
