package dev.safeflow.model.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's two string formattings: {@code "%s" % x} (and Jinja's {@code format} filter, which is that operator) and
 * {@code str.format} with its format-spec mini-language. Numbers are rounded as CPython rounds them: half to even on
 * the double's exact binary value.
 */
final class PyFormat {

    private PyFormat() {
    }

    /** {@code fmt % args}: a tuple gives the positional values, a dict the {@code %(key)s} ones, anything else is one value. */
    static String percent(String fmt, Object args) {
        List<?> positional = args instanceof Tuple t ? t : java.util.Collections.singletonList(args);
        Map<?, ?> mapping = args instanceof Map<?, ?> m ? m : null;
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= fmt.length()) {
                throw new TemplateException("incomplete format");
            }
            Object keyed = null;
            boolean hasKey = false;
            if (fmt.charAt(i) == '(') {
                int close = fmt.indexOf(')', i);
                if (close < 0 || mapping == null) {
                    throw new TemplateException(close < 0 ? "incomplete format key" : "format requires a mapping");
                }
                String key = fmt.substring(i + 1, close);
                if (!mapping.containsKey(key)) {
                    throw new TemplateException("KeyError: " + Repr.of(key));
                }
                keyed = mapping.get(key);
                hasKey = true;
                i = close + 1;
            }
            StringBuilder flags = new StringBuilder();
            while (i < fmt.length() && "#0- +".indexOf(fmt.charAt(i)) >= 0) {
                flags.append(fmt.charAt(i++));
            }
            int width = -1;
            if (i < fmt.length() && fmt.charAt(i) == '*') {
                width = (int) Py.asLong(percentArg(positional, next++));
                i++;
            } else {
                int end = digitsEnd(fmt, i);
                width = digitsValue(fmt, i, end, -1);
                i = end;
            }
            int precision = -1;
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                i++;
                if (i < fmt.length() && fmt.charAt(i) == '*') {
                    precision = (int) Py.asLong(percentArg(positional, next++));
                    i++;
                } else {
                    int end = digitsEnd(fmt, i);
                    precision = digitsValue(fmt, i, end, 0);
                    i = end;
                }
            }
            while (i < fmt.length() && "hlL".indexOf(fmt.charAt(i)) >= 0) {
                i++;
            }
            if (i >= fmt.length()) {
                throw new TemplateException("incomplete format");
            }
            char type = fmt.charAt(i++);
            if (type == '%') {
                out.append('%');
                continue;
            }
            Object value = hasKey ? keyed : mapping != null && !(args instanceof Tuple) ? args : percentArg(positional, next++);
            String f = flags.toString();
            String body = switch (type) {
                case 's' -> Py.str(value);
                case 'r', 'a' -> Repr.of(value);
                case 'c' -> value instanceof String s ? s : new String(Character.toChars((int) Py.asLong(value)));
                case 'd', 'i', 'u' -> signed(integer(value, type), f.contains("+"), f.contains(" "), precision);
                case 'x', 'X', 'o' -> radix(integerOnly(value, type), type, f.contains("#"), f.contains("+"), f.contains(" "));
                case 'e', 'E', 'f', 'F', 'g', 'G' -> floating(number(value, type), type, precision < 0 ? 6 : precision,
                        f.contains("#"), f.contains("+") ? "+" : f.contains(" ") ? " " : "", false);
                default -> throw new TemplateException("unsupported format character '" + type + "'");
            };
            boolean numeric = "diuxXoeEfFgG".indexOf(type) >= 0;
            if (type == 's' || type == 'r' || type == 'a') {
                body = precision >= 0 && precision < body.length() ? body.substring(0, precision) : body;
            }
            out.append(pad(body, width, f.contains("-") ? '<' : numeric && f.contains("0") ? '=' : '>', ' ',
                    numeric && f.contains("0") && !f.contains("-")));
        }
        if (mapping == null && next < positional.size()) {
            throw new TemplateException("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    /** {@code fmt.format(*args, **kwargs)}. */
    static String format(String fmt, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '}') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw new TemplateException("Single '}' encountered in format string");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            int close = fmt.indexOf('}', i);
            if (close < 0) {
                throw new TemplateException("expected '}' before end of string");
            }
            String field = fmt.substring(i + 1, close);
            i = close + 1;
            String spec = "";
            int colon = field.indexOf(':');
            if (colon >= 0) {
                spec = field.substring(colon + 1);
                field = field.substring(0, colon);
            }
            char conversion = 0;
            int bang = field.indexOf('!');
            if (bang >= 0) {
                conversion = field.length() > bang + 1 ? field.charAt(bang + 1) : 0;
                field = field.substring(0, bang);
            }
            int end = 0;
            while (end < field.length() && field.charAt(end) != '.' && field.charAt(end) != '[') {
                end++;
            }
            String head = field.substring(0, end);
            Object value;
            if (head.isEmpty()) {
                value = formatArg(args, auto++);
            } else if (head.chars().allMatch(Character::isDigit)) {
                value = formatArg(args, Integer.parseInt(head));
            } else if (kwargs.containsKey(head)) {
                value = kwargs.get(head);
            } else {
                throw new TemplateException("KeyError: " + Repr.of(head));
            }
            value = path(value, field.substring(end));
            if (conversion == 'r' || conversion == 'a') {
                value = Repr.of(value);
            } else if (conversion == 's') {
                value = Py.str(value);
            }
            out.append(spec(value, spec));
        }
        return out.toString();
    }

    /** {@code .attr} and {@code [key]} after a replacement field's name. */
    private static Object path(Object value, String rest) {
        int i = 0;
        while (i < rest.length()) {
            if (rest.charAt(i) == '.') {
                int end = i + 1;
                while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
                    end++;
                }
                value = Access.attribute(value, rest.substring(i + 1, end));
                i = end;
            } else {
                int close = rest.indexOf(']', i);
                if (close < 0) {
                    throw new TemplateException("Missing ']' in format string");
                }
                String key = rest.substring(i + 1, close);
                value = Access.item(value, key.chars().allMatch(Character::isDigit) && !key.isEmpty() ? (Object) Long.parseLong(key) : key);
                i = close + 1;
            }
        }
        return value;
    }

    /** One value through a format spec: {@code [[fill]align][sign][#][0][width][,|_][.precision][type]}. */
    static String spec(Object value, String spec) {
        if (value instanceof Boolean b && !spec.isEmpty()) {
            value = b ? 1L : 0L; // bool formats as str with no spec, as int with one
        }
        int i = 0;
        char fill = ' ';
        char align = 0;
        boolean fillGiven = false;
        if (spec.length() >= 2 && "<>^=".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.charAt(0);
            fillGiven = true;
            align = spec.charAt(1);
            i = 2;
        } else if (!spec.isEmpty() && "<>^=".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        String sign = "";
        if (i < spec.length() && "+- ".indexOf(spec.charAt(i)) >= 0) {
            sign = spec.charAt(i) == '-' ? "" : String.valueOf(spec.charAt(i));
            i++;
        }
        boolean alternate = false;
        if (i < spec.length() && spec.charAt(i) == '#') {
            alternate = true;
            i++;
        }
        boolean zero = false;
        if (i < spec.length() && spec.charAt(i) == '0') {
            zero = true;
            i++;
        }
        int end = digitsEnd(spec, i);
        int width = digitsValue(spec, i, end, -1);
        i = end;
        char grouping = 0;
        if (i < spec.length() && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
            grouping = spec.charAt(i++);
        }
        int precision = -1;
        if (i < spec.length() && spec.charAt(i) == '.') {
            end = digitsEnd(spec, ++i);
            if (end == i) {
                throw new TemplateException("Format specifier missing precision");
            }
            precision = digitsValue(spec, i, end, 0);
            i = end;
        }
        char type = i < spec.length() ? spec.charAt(i++) : 0;
        if (i != spec.length()) {
            throw new TemplateException("Invalid format specifier '" + spec + "'");
        }
        String body;
        boolean numeric = Py.isNumber(value) && !(value instanceof Boolean && type == 0);
        if (type == 0 && !numeric || type == 's') {
            body = Py.str(value);
            if (precision >= 0 && precision < body.length()) {
                body = body.substring(0, precision);
            }
        } else if (type == 'c') {
            body = new String(Character.toChars((int) Py.asLong(value)));
        } else if (type == 'd' || type == 'n' || (type == 0 && !(value instanceof Double))) {
            body = group(signed(integerOnly(value, 'd'), sign.equals("+"), sign.equals(" "), -1), grouping);
        } else if (type == 'x' || type == 'X' || type == 'o' || type == 'b') {
            body = radix(integerOnly(value, type), type, alternate, sign.equals("+"), sign.equals(" "));
        } else if ("eEfFgG%".indexOf(type) >= 0 || type == 0) {
            double d = number(value, type == 0 ? 'g' : type);
            if (type == '%') {
                body = floating(d * 100, 'f', precision < 0 ? 6 : precision, alternate, sign, false) + "%";
            } else if (type == 0 && precision < 0) {
                body = (d >= 0 && !Double.isNaN(d) ? sign : "") + Repr.floatRepr(d);
            } else {
                body = floating(d, type == 0 ? 'g' : type, precision < 0 ? 6 : precision, alternate, sign, type == 0);
            }
            body = group(body, grouping);
        } else {
            throw new TemplateException("Unknown format code '" + type + "' for object of type '" + Py.typeName(value) + "'");
        }
        boolean number = numeric || "dnxXobeEfFgG%".indexOf(type) >= 0 && type != 0;
        if (zero && !fillGiven) {
            fill = '0'; // '{:05}'.format('ab') is 'ab000', '{:<05}'.format(3) is '30000'
        }
        if (align == 0) {
            align = number ? (zero ? '=' : '>') : '<';
        }
        return pad(body, width, align, fill, false);
    }

    /** Where the run of ASCII digits starting at {@code from} ends. */
    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The number written in {@code s[from, end)}, or {@code none} when that is empty. */
    private static int digitsValue(String s, int from, int end, int none) {
        return end > from ? Integer.parseInt(s.substring(from, end)) : none;
    }

    private static String pad(String body, int width, char align, char fill, boolean zeroPad) {
        int missing = width - body.codePointCount(0, body.length());
        if (missing <= 0) {
            return body;
        }
        if (zeroPad || align == '=') {
            int signEnd = 0;
            if (!body.isEmpty() && "+- ".indexOf(body.charAt(0)) >= 0) {
                signEnd = 1;
            }
            if (body.startsWith("0x", signEnd) || body.startsWith("0X", signEnd) || body.startsWith("0o", signEnd)
                    || body.startsWith("0b", signEnd)) {
                signEnd += 2;
            }
            return body.substring(0, signEnd) + String.valueOf(zeroPad ? '0' : fill).repeat(missing) + body.substring(signEnd);
        }
        String f = String.valueOf(fill);
        return switch (align) {
            case '<' -> body + f.repeat(missing);
            case '^' -> f.repeat(missing / 2) + body + f.repeat(missing - missing / 2);
            default -> f.repeat(missing) + body;
        };
    }

    private static String group(String body, char grouping) {
        if (grouping == 0) {
            return body;
        }
        int start = !body.isEmpty() && "+- ".indexOf(body.charAt(0)) >= 0 ? 1 : 0;
        int end = start;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        StringBuilder digits = new StringBuilder(body.substring(start, end));
        for (int at = digits.length() - 3; at > 0; at -= 3) {
            digits.insert(at, grouping);
        }
        return body.substring(0, start) + digits + body.substring(end);
    }

    private static Object percentArg(List<?> args, int index) {
        if (index >= args.size()) {
            throw new TemplateException("not enough arguments for format string");
        }
        return args.get(index);
    }

    private static Object formatArg(List<?> args, int index) {
        if (index >= args.size()) {
            throw new TemplateException("Replacement index " + index + " out of range for positional args tuple");
        }
        return args.get(index);
    }

    private static BigInteger integer(Object value, char type) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new TemplateException("cannot convert float " + Repr.floatRepr(d) + " to integer");
            }
            return new BigDecimal(d).toBigInteger();
        }
        if (!Py.isNumber(value)) {
            throw new TemplateException("%" + type + " format: a real number is required, not " + Py.typeName(value));
        }
        return BigInteger.valueOf(Py.asLong(value));
    }

    private static BigInteger integerOnly(Object value, char type) {
        if (!(value instanceof Long) && !(value instanceof Boolean)) {
            throw new TemplateException("%" + type + " format: an integer is required, not " + Py.typeName(value));
        }
        return BigInteger.valueOf(Py.asLong(value));
    }

    private static double number(Object value, char type) {
        if (!Py.isNumber(value)) {
            throw new TemplateException("must be real number, not " + Py.typeName(value) + " (format " + type + ")");
        }
        return Py.asDouble(value);
    }

    private static String signed(BigInteger v, boolean plus, boolean space, int minDigits) {
        String digits = v.abs().toString();
        if (minDigits > digits.length()) {
            digits = "0".repeat(minDigits - digits.length()) + digits;
        }
        return (v.signum() < 0 ? "-" : plus ? "+" : space ? " " : "") + digits;
    }

    private static String radix(BigInteger v, char type, boolean alternate, boolean plus, boolean space) {
        int base = type == 'o' ? 8 : type == 'b' ? 2 : 16;
        String digits = v.abs().toString(base);
        if (type == 'X') {
            digits = digits.toUpperCase(Locale.ROOT);
        }
        String prefix = alternate ? "0" + (type == 'o' ? "o" : type == 'b' ? "b" : String.valueOf(type)) : "";
        return (v.signum() < 0 ? "-" : plus ? "+" : space ? " " : "") + prefix + digits;
    }

    /**
     * e, f, g (and their capitals) as C's printf and CPython print them; {@code general} is str.format's type-less
     * form with a precision, which keeps at least one digit after the point in fixed notation.
     */
    private static String floating(double d, char type, int precision, boolean alternate, String sign, boolean general) {
        boolean upper = Character.isUpperCase(type);
        String signPart = d < 0 || (d == 0 && 1 / d < 0) ? "-" : sign;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String s = Double.isNaN(d) ? "nan" : "inf";
            return (Double.isNaN(d) ? sign : signPart) + (upper ? s.toUpperCase(Locale.ROOT) : s);
        }
        BigDecimal v = new BigDecimal(Math.abs(d));
        String body = switch (Character.toLowerCase(type)) {
            case 'f' -> fixed(v, precision, alternate);
            case 'e' -> exponent(v, precision, alternate);
            default -> {
                int p = precision == 0 ? 1 : precision;
                int x = v.signum() == 0 ? 0 : exponentOf(v.round(new MathContext(p, RoundingMode.HALF_EVEN)));
                String s = x >= -4 && x < p ? fixed(v, p - 1 - x, alternate) : exponent(v, p - 1, alternate);
                if (!alternate) {
                    s = stripZeros(s);
                }
                if (general && !s.contains(".") && !s.contains("e")) {
                    s = s + ".0";
                }
                yield s;
            }
        };
        return signPart + (upper ? body.toUpperCase(Locale.ROOT) : body);
    }

    private static String fixed(BigDecimal v, int precision, boolean alternate) {
        String s = v.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && precision == 0 ? s + "." : s;
    }

    private static String exponent(BigDecimal v, int precision, boolean alternate) {
        if (v.signum() == 0) {
            return fixed(v, precision, alternate) + "e+00";
        }
        BigDecimal r = v.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int x = exponentOf(r);
        String mantissa = r.movePointLeft(x).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        if (alternate && precision == 0) {
            mantissa += ".";
        }
        return mantissa + "e" + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
    }

    private static int exponentOf(BigDecimal v) {
        return v.precision() - v.scale() - 1;
    }

    private static String stripZeros(String s) {
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String rest = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + rest;
    }
}
