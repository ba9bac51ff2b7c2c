package dev.safeflow.model.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Python's {@code repr()}: how a list, dict, float, bool or None prints inside {@code {{ }}}. */
final class Repr {

    private Repr() {
    }

    /** Python's {@code repr()} for the value types above. */
    static String of(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof Double d) {
            return floatRepr(d);
        }
        if (o instanceof String s) {
            return stringRepr(s);
        }
        if (o instanceof List<?> l) {
            boolean tuple = o instanceof Tuple;
            StringBuilder b = new StringBuilder(tuple ? "(" : "[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(of(l.get(i)));
            }
            return b.append(tuple && l.size() == 1 ? "," : "").append(tuple ? ')' : ']').toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "" : ", ").append(of(e.getKey())).append(": ").append(of(e.getValue()));
                first = false;
            }
            return b.append('}').toString();
        }
        return String.valueOf(o);
    }

    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal v = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1; // position of the leading digit
        if (exponent < -4 || exponent >= 16) {
            String digits = v.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        String plain = v.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String stringRepr(String s) {
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c == quote) {
                        b.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(quote).toString();
    }
}
