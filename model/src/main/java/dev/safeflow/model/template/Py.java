package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's value semantics as Jinja2 templates see them: None is {@code null}, int is {@link Long},
 * float is {@link Double}, str is {@link String} (indexed by code point), list and tuple are
 * {@link List}, dict is an insertion-ordered {@link Map}.
 */
final class Py {

    static final Undefined UNDEFINED = new Undefined("a value is undefined");

    private Py() {
    }

    /** Converts host values (Integer, arrays, any Map) into the types above. */
    static Object of(Object o) {
        if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof Float f) {
            return f.doubleValue();
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(of(k), of(v)));
            return out;
        }
        if (o instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(x -> out.add(of(x)));
            return out;
        }
        if (o instanceof Object[] arr) {
            return of(List.of(arr));
        }
        return o;
    }

    static boolean truthy(Object o) {
        if (o == null || o instanceof Undefined) {
            return false;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof Long l) {
            return l != 0;
        }
        if (o instanceof Double d) {
            return d != 0;
        }
        if (o instanceof String s) {
            return !s.isEmpty();
        }
        if (o instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's {@code str()}. */
    static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Undefined) {
            return "";
        }
        return Repr.of(o);
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (isNumber(a) && isNumber(b)) {
            return asDouble(a) == asDouble(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** Python's ordering: numbers, strings and lists compare; anything else is a TypeError. */
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return Double.compare(asDouble(a), asDouble(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i));
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateException("cannot order " + typeName(a) + " and " + typeName(b));
    }

    static boolean isNumber(Object o) {
        return o instanceof Long || o instanceof Double || o instanceof Boolean;
    }

    static double asDouble(Object o) {
        return o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).doubleValue();
    }

    static long asLong(Object o) {
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof Long l) {
            return l;
        }
        throw new TemplateException("expected an integer, got " + typeName(o));
    }

    static String typeName(Object o) {
        if (o == null) {
            return "NoneType";
        }
        if (o instanceof Undefined) {
            return "Undefined";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof Long) {
            return "int";
        }
        if (o instanceof Double) {
            return "float";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "dict";
        }
        return o.getClass().getSimpleName();
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String t)) {
                throw new TemplateException("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return s.contains(t);
        }
        if (container instanceof Map<?, ?> m) {
            return m.keySet().stream().anyMatch(k -> equal(k, item));
        }
        if (container instanceof Undefined) {
            return false;
        }
        return iterate(container).stream().anyMatch(x -> equal(x, item));
    }

    static int len(Object o) {
        if (o instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (o instanceof List<?> l) {
            return l.size();
        }
        if (o instanceof Map<?, ?> m) {
            return m.size();
        }
        if (o instanceof Undefined) {
            return 0;
        }
        throw new TemplateException("object of type '" + typeName(o) + "' has no len()");
    }

    /** The items a for loop visits: a string's characters, a dict's keys, nothing for undefined. */
    static List<Object> iterate(Object o) {
        if (o instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (o instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (o instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        if (o instanceof Undefined) {
            return new ArrayList<>();
        }
        if (o instanceof Iterator<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }
        throw new TemplateException("'" + typeName(o) + "' object is not iterable");
    }

    /** Python's {@code str.isspace()}. */
    static boolean isSpace(String s) {
        return !s.isEmpty() && s.chars().allMatch(Py::isSpaceChar);
    }

    static boolean isSpaceChar(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85 || (c >= 0x1c && c <= 0x1f);
    }

    /** Python's {@code str.strip(chars)} family; {@code chars} null strips whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int from = 0;
        int to = s.length();
        while (left && from < to && strippable(s.charAt(from), chars)) {
            from++;
        }
        while (right && to > from && strippable(s.charAt(to - 1), chars)) {
            to--;
        }
        return s.substring(from, to);
    }

    static String rstrip(String s, String chars) {
        return strip(s, chars, false, true);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? isSpaceChar(c) : chars.indexOf(c) >= 0;
    }
}
