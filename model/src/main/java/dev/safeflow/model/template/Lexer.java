package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text, {@code {{ output }}} and {@code {% tag %}} segments with Jinja2's
 * whitespace rules as transformers configures them: {@code trim_blocks} (the newline after a block or
 * comment tag is dropped), {@code lstrip_blocks} (spaces and tabs before a block or comment tag at the
 * start of a line are dropped), {@code -} and {@code +} modifiers, and no trailing newline kept.
 */
final class Lexer {

    sealed interface Segment permits Text, Output, Tag {}

    record Text(String text) implements Segment {}

    record Output(List<Token> tokens, int line) implements Segment {}

    record Tag(List<Token> tokens, int line) implements Segment {}

    private final String src;
    private int pos;
    private int line = 1;
    private final List<Segment> out = new ArrayList<>();

    private Lexer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        // Jinja2's keep_trailing_newline=False drops one trailing newline of the source.
        this.src = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    static List<Segment> lex(String source) {
        Lexer l = new Lexer(source);
        l.run();
        return l.out;
    }

    private void run() {
        boolean lineStarting = true; // whether the last consumed token ended a line
        while (pos < src.length()) {
            int open = nextOpener(pos);
            String text = src.substring(pos, open < 0 ? src.length() : open);
            if (open < 0) {
                emitText(text);
                return;
            }
            char kind = src.charAt(open + 1);
            char sign = open + 2 < src.length() ? src.charAt(open + 2) : ' ';
            if (sign == '-') {
                text = Py.rstrip(text, null);
            } else if (sign != '+' && kind != '{') {
                text = lstripBlock(text, lineStarting);
            }
            emitText(text);
            line += count(src, pos, open);
            pos = open + 2 + (sign == '-' || sign == '+' ? 1 : 0);
            int start = line;
            String end;
            if (kind == '#') {
                end = comment();
            } else {
                Scanner sc = new Scanner(src, pos, line, kind == '{' ? '}' : '%');
                List<Token> tokens = sc.scan();
                line = sc.line();
                pos = sc.pos();
                // Jinja2 applies no trim_blocks after {% raw %}: its content starts right behind the tag.
                boolean raw = kind == '%' && tokens.size() == 2 && tokens.get(0).isName("raw");
                end = tagEnd(kind == '{' ? "}}" : "%}", start, !raw);
                if (raw) {
                    end = raw(start);
                } else {
                    out.add(kind == '{' ? new Output(tokens, start) : new Tag(tokens, start));
                }
            }
            lineStarting = end.endsWith("\n");
        }
    }

    private static final java.util.regex.Pattern END_RAW = java.util.regex.Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%\\}");

    /**
     * After {@code {% raw %}}: its content up to {@code {% endraw %}} is text as written, with the whitespace control
     * the endraw tag asks for (a {@code -} strips the content's trailing whitespace; else lstrip_blocks strips the
     * indentation in front of it); consumes the endraw tag and returns what was consumed last.
     */
    private String raw(int start) {
        java.util.regex.Matcher m = END_RAW.matcher(src);
        if (!m.find(pos)) {
            throw new TemplateException("line " + start + ": raw block never closed with {% endraw %}");
        }
        String text = src.substring(pos, m.start());
        if (m.group(1).equals("-")) {
            text = Py.rstrip(text, null);
        } else if (!m.group(1).equals("+")) {
            text = lstripBlock(text, false); // the content never starts a line: {% raw %} keeps its newline
        }
        emitText(text);
        line += count(src, pos, m.end());
        pos = m.end() - 2;
        char sign = m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0);
        return closeMarker("%}", sign, true);
    }

    /**
     * lstrip_blocks: the spaces and tabs in front of a block tag are dropped when nothing else stands between the
     * start of its line and the tag ({@code lineStarting}: the text itself begins a line).
     */
    private static String lstripBlock(String text, boolean lineStarting) {
        int lPos = text.lastIndexOf('\n') + 1;
        String tail = text.substring(lPos);
        return (lPos > 0 || lineStarting) && !tail.isEmpty() && Py.isSpace(tail) ? text.substring(0, lPos) : text;
    }

    /** Consumes a comment up to and including its end marker; returns what was consumed last. */
    private String comment() {
        int close = src.indexOf("#}", pos);
        if (close < 0) {
            throw new TemplateException("line " + line + ": comment never closed with #}");
        }
        line += count(src, pos, close);
        char before = close > pos ? src.charAt(close - 1) : ' ';
        pos = close;
        return closeMarker("#}", before == '-' ? '-' : before == '+' ? '+' : ' ', true);
    }

    /** Consumes the end marker of an output or block tag, after the scanner stopped in front of it. */
    private String tagEnd(String marker, int start, boolean trimBlocks) {
        char sign = src.charAt(pos);
        if (sign == '-' || sign == '+') {
            pos++;
        }
        if (!src.startsWith(marker, pos)) {
            throw new TemplateException("line " + start + ": tag never closed with " + marker);
        }
        return closeMarker(marker, sign, marker.equals("%}") && trimBlocks);
    }

    private String closeMarker(String marker, char sign, boolean block) {
        pos += marker.length();
        int from = pos;
        if (sign == '-') {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        } else if (sign != '+' && block && pos < src.length() && src.charAt(pos) == '\n') {
            pos++; // trim_blocks
        }
        line += count(src, from, pos);
        return src.substring(Math.max(0, from - marker.length()), pos);
    }

    private int nextOpener(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            out.add(new Text(text));
        }
    }

    static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
