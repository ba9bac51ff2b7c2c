package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii=False, indent=..., separators=..., sort_keys=...)}, the
 * {@code tojson} filter transformers installs in place of Jinja2's HTML-escaping one.
 */
final class PyJson {

    private final String indent;
    private final String itemSep;
    private final String keySep;
    private final boolean sortKeys;

    PyJson(Object indent, Object separators, boolean sortKeys) {
        if (indent == null || indent instanceof Undefined) {
            this.indent = null;
        } else if (indent instanceof String s) {
            this.indent = s;
        } else {
            this.indent = " ".repeat((int) Math.max(0, Py.asLong(indent)));
        }
        if (separators instanceof List<?> l && l.size() == 2) {
            itemSep = (String) l.get(0);
            keySep = (String) l.get(1);
        } else {
            itemSep = this.indent == null ? ", " : ",";
            keySep = ": ";
        }
        this.sortKeys = sortKeys;
    }

    String dumps(Object o) {
        StringBuilder b = new StringBuilder();
        write(b, o, 0);
        return b.toString();
    }

    private void write(StringBuilder b, Object o, int level) {
        if (o == null) {
            b.append("null");
        } else if (o instanceof Boolean x) {
            b.append(x ? "true" : "false");
        } else if (o instanceof Long x) {
            b.append(x);
        } else if (o instanceof Double d) {
            b.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                    : Repr.floatRepr(d));
        } else if (o instanceof String s) {
            string(b, s);
        } else if (o instanceof List<?> l) {
            container(b, '[', ']', l.size(), level, (i, lv) -> write(b, l.get(i), lv));
        } else if (o instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (sortKeys) {
                entries.sort((x, y) -> Py.compare(key(x.getKey()), key(y.getKey())));
            }
            container(b, '{', '}', entries.size(), level, (i, lv) -> {
                string(b, key(entries.get(i).getKey()));
                b.append(keySep);
                write(b, entries.get(i).getValue(), lv);
            });
        } else {
            throw new TemplateException("Object of type " + Py.typeName(o) + " is not JSON serializable");
        }
    }

    private interface Element {
        void write(int index, int level);
    }

    private void container(StringBuilder b, char open, char close, int n, int level, Element element) {
        if (n == 0) {
            b.append(open).append(close);
            return;
        }
        b.append(open);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(itemSep);
            }
            if (indent != null) {
                b.append('\n').append(indent.repeat(level + 1));
            }
            element.write(i, level + 1);
        }
        if (indent != null) {
            b.append('\n').append(indent.repeat(level));
        }
        b.append(close);
    }

    /** Keys become strings as Python's encoder makes them. */
    private static String key(Object k) {
        if (k instanceof String s) {
            return s;
        }
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean x) {
            return x ? "true" : "false";
        }
        if (k instanceof Long || k instanceof Double) {
            return k instanceof Double d ? Repr.floatRepr(d) : k.toString();
        }
        throw new TemplateException("keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
