package dev.safeflow.records;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding for every reader and mapper of records: a bad byte sequence is refused, never replaced. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The text of {@code bytes}, or null when they are not UTF-8 (a malformed or unmappable sequence). ASCII, most
     * lines of most inputs, is UTF-8 as it is and skips the decoder.
     */
    public static String strict(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    return null;
                }
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
