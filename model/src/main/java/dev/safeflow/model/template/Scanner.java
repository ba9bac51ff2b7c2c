package dev.safeflow.model.template;

import dev.safeflow.model.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Tokenizes one tag's expression up to its end marker ({@code }}} or {@code %}}, outside brackets). */
final class Scanner {

    private static final String[] OPERATORS = {"//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~",
        "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"};

    private final String src;
    private final char closer;
    private int pos;
    private int line;
    private int depth;

    Scanner(String src, int pos, int line, char closer) {
        this.src = src;
        this.pos = pos;
        this.line = line;
        this.closer = closer;
    }

    int pos() {
        return pos;
    }

    int line() {
        return line;
    }

    List<Token> scan() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                line += src.charAt(pos) == '\n' ? 1 : 0;
                pos++;
            }
            if (pos >= src.length()) {
                throw new TemplateException("line " + line + ": tag never closed with " + closer + "}");
            }
            if (depth == 0 && atEnd()) {
                tokens.add(new Token(Kind.END, "", null, line));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private boolean atEnd() {
        int p = pos;
        if (src.charAt(p) == '-' || src.charAt(p) == '+') {
            p++;
        }
        return src.startsWith(closer + "}", p);
    }

    private Token next() {
        char c = src.charAt(pos);
        if (c == '\'' || c == '"') {
            return string(c);
        }
        if (Character.isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int s = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Kind.NAME, src.substring(s, pos), null, line);
        }
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                boolean opens = op.length() == 1 && "([{".contains(op);
                boolean closes = op.length() == 1 && ")]}".contains(op);
                if (closes && depth == 0) {
                    throw new TemplateException("line " + line + ": unexpected '" + op + "'"
                            + (op.equals("}") ? " (a tag ends with " + closer + "})" : ""));
                }
                pos += op.length();
                depth += opens ? 1 : closes ? -1 : 0;
                return new Token(Kind.OP, op, null, line);
            }
        }
        throw new TemplateException("line " + line + ": unexpected character '" + c + "' in a tag");
    }

    private Token number() {
        int s = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        boolean fraction = pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1));
        if (fraction) {
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        boolean exponent = pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')
                && pos + 1 < src.length() && (Character.isDigit(src.charAt(pos + 1))
                || (pos + 2 < src.length() && "+-".indexOf(src.charAt(pos + 1)) >= 0
                && Character.isDigit(src.charAt(pos + 2))));
        if (exponent) {
            pos += 2;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        String text = src.substring(s, pos).replace("_", "");
        return fraction || exponent ? new Token(Kind.FLOAT, text, Double.parseDouble(text), line)
                : new Token(Kind.INT, text, Long.parseLong(text), line);
    }

    /** A quoted literal, unescaped as Python's {@code unicode-escape} codec does (Jinja2's rule). */
    private Token string(char quote) {
        int start = line;
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw new TemplateException("line " + start + ": string literal never closed");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                return new Token(Kind.STRING, b.toString(), b.toString(), start);
            }
            if (c == '\n') {
                line++;
            }
            if (c != '\\' || pos >= src.length()) {
                b.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case 'a' -> b.append('\u0007');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int s = pos - 1;
                    while (pos < src.length() && pos - s < 3 && src.charAt(pos) >= '0' && src.charAt(pos) <= '7') {
                        pos++;
                    }
                    b.append((char) Integer.parseInt(src.substring(s, pos), 8));
                }
                case 'x' -> b.append(hex(2));
                case 'u' -> b.append(hex(4));
                case 'U' -> b.appendCodePoint(Integer.parseInt(String.valueOf(hex(8)), 16));
                case '\n' -> line++; // a backslash-newline continues the line
                case '\\', '\'', '"' -> b.append(e);
                default -> b.append('\\').append(e);
            }
        }
    }

    private char[] hex(int digits) {
        if (pos + digits > src.length()) {
            throw new TemplateException("line " + line + ": truncated \\x, \\u or \\U escape");
        }
        String h = src.substring(pos, pos + digits);
        pos += digits;
        int cp = Integer.parseInt(h, 16);
        return digits == 8 ? h.toCharArray() : Character.toChars(cp);
    }
}
