package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Jinja2's built-in filters that chat templates use, plus transformers' {@code tojson}. */
final class Filters {

    private Filters() {
    }

    static Object apply(String name, Object v, List<Object> a, Map<String, Object> k) {
        return switch (name) {
            case "tojson" -> new PyJson(opt(a, k, 1, "indent"), opt(a, k, 2, "separators"),
                    Py.truthy(opt(a, k, 3, "sort_keys"))).dumps(defined(v, name));
            case "trim" -> Py.strip(str(v, name), (String) opt(a, k, 0, "chars"), true, true);
            case "length", "count" -> (long) Py.len(v);
            case "string" -> Py.str(v);
            case "lower" -> str(v, name).toLowerCase(Locale.ROOT);
            case "upper" -> str(v, name).toUpperCase(Locale.ROOT);
            case "title" -> title(str(v, name));
            case "capitalize" -> capitalize(str(v, name));
            case "safe", "e", "escape" -> name.equals("safe") ? v : escape(Py.str(v));
            case "list" -> Py.iterate(defined(v, name));
            case "first" -> { List<Object> l = Py.iterate(v); yield l.isEmpty() ? new Undefined("no first item") : l.get(0); }
            case "last" -> { List<Object> l = Py.iterate(v); yield l.isEmpty() ? new Undefined("no last item") : l.get(l.size() - 1); }
            case "reverse" -> v instanceof String s ? new StringBuilder(s).reverse().toString() : reversed(v);
            case "join" -> join(v, a, k);
            case "default", "d" -> v instanceof Undefined || (Py.truthy(opt(a, k, 1, "boolean")) && !Py.truthy(v))
                    ? (a.isEmpty() && !k.containsKey("default_value") ? "" : opt(a, k, 0, "default_value")) : v;
            case "replace" -> replace(str(v, name), Py.str(a.get(0)), Py.str(a.get(1)),
                    a.size() > 2 ? Py.asLong(a.get(2)) : -1);
            case "int" -> toInt(v, a);
            case "float" -> toFloat(v);
            case "abs" -> v instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs(Py.asDouble(v));
            case "items" -> v instanceof Undefined ? new ArrayList<>() : Methods.bind(v, "items").call(List.of(), Map.of());
            case "dictsort" -> dictsort(v, Py.truthy(opt(a, k, 0, "case_sensitive")), opt(a, k, 1, "by"),
                    Py.truthy(opt(a, k, 2, "reverse")));
            case "unique" -> unique(v, Py.truthy(opt(a, k, 0, "case_sensitive")), opt(a, k, 1, "attribute"));
            case "sort" -> sortedBy(Py.iterate(v), keyOf(opt(a, k, 2, "attribute"), Py.truthy(opt(a, k, 1, "case_sensitive"))),
                    Py.truthy(opt(a, k, 0, "reverse")));
            case "sum" -> sum(v, opt(a, k, 0, "attribute"), a.size() > 1 || k.containsKey("start") ? opt(a, k, 1, "start") : 0L);
            case "min", "max" -> extreme(Py.iterate(v), name.equals("min"),
                    keyOf(opt(a, k, 1, "attribute"), Py.truthy(opt(a, k, 0, "case_sensitive"))));
            case "map" -> map(v, a, k);
            case "select", "reject" -> select(v, null, a, name.equals("select"));
            case "selectattr", "rejectattr" -> select(v, (String) a.get(0), a.subList(1, a.size()),
                    name.equals("selectattr"));
            case "attr" -> Access.attribute(v, (String) a.get(0));
            case "indent" -> indent(Py.str(v), opt(a, k, 0, "width"), Py.truthy(opt(a, k, 1, "first")),
                    Py.truthy(opt(a, k, 2, "blank")));
            case "wordcount" -> (long) Methods.split(Py.str(v), null, -1).size();
            case "format" -> {
                if (!a.isEmpty() && !k.isEmpty()) {
                    throw new TemplateException("can't handle positional and keyword arguments at the same time (|format)");
                }
                yield PyFormat.percent(str(v, name), k.isEmpty() ? new Tuple(a) : k);
            }
            case "round" -> round(v, opt(a, k, 0, "precision"), opt(a, k, 1, "method"));
            case "truncate" -> truncate(str(v, name), opt(a, k, 0, "length"), Py.truthy(opt(a, k, 1, "killwords")),
                    opt(a, k, 2, "end"), opt(a, k, 3, "leeway"));
            case "center" -> Methods.center(str(v, name), (int) Py.asLong(a.isEmpty() ? k.getOrDefault("width", 80L) : a.get(0)), " ");
            case "batch" -> batch(v, (int) Py.asLong(opt(a, k, 0, "linecount")), a.size() > 1 || k.containsKey("fill_with"),
                    opt(a, k, 1, "fill_with"));
            case "slice" -> slice(v, (int) Py.asLong(opt(a, k, 0, "slices")), a.size() > 1 || k.containsKey("fill_with"),
                    opt(a, k, 1, "fill_with"));
            case "pprint" -> Repr.of(sortedDicts(v));
            case "striptags" -> striptags(Py.str(v));
            case "groupby" -> groupby(v, opt(a, k, 0, "attribute"), opt(a, k, 1, "default"),
                    Py.truthy(opt(a, k, 2, "case_sensitive")));
            case "urlencode", "xmlattr", "filesizeformat", "random", "wordwrap", "forceescape" ->
                    throw new TemplateException("the filter '" + name + "' is not supported");
            default -> throw new TemplateException("no filter named '" + name + "'");
        };
    }

    static boolean test(String name, Object v, List<Object> a) {
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> Py.isNumber(v);
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "mapping" -> v instanceof Map;
            case "iterable" -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined;
            case "sequence" -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined;
            case "callable" -> v instanceof PyFunction;
            case "odd" -> Py.asLong(v) % 2 != 0;
            case "even" -> Py.asLong(v) % 2 == 0;
            case "divisibleby" -> Py.asLong(v) % Py.asLong(a.get(0)) == 0;
            case "eq", "equalto", "==" -> Py.equal(v, a.get(0));
            case "ne", "!=" -> !Py.equal(v, a.get(0));
            case "lt", "lessthan", "<" -> Py.compare(v, a.get(0)) < 0;
            case "le", "<=" -> Py.compare(v, a.get(0)) <= 0;
            case "gt", "greaterthan", ">" -> Py.compare(v, a.get(0)) > 0;
            case "ge", ">=" -> Py.compare(v, a.get(0)) >= 0;
            case "in" -> Py.contains(a.get(0), v);
            case "sameas" -> v == a.get(0) || (v != null && v.equals(a.get(0)) && v instanceof Boolean);
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase(Locale.ROOT));
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase(Locale.ROOT));
            default -> throw new TemplateException("no test named '" + name + "'");
        };
    }

    private static Object opt(List<Object> a, Map<String, Object> k, int pos, String key) {
        return pos < a.size() ? a.get(pos) : k.getOrDefault(key, null);
    }

    private static Object defined(Object v, String filter) {
        if (v instanceof Undefined u) {
            throw new TemplateException(u.hint() + " (passed to |" + filter + ")");
        }
        return v;
    }

    private static String str(Object v, String filter) {
        return Py.str(v instanceof Undefined ? "" : v);
    }

    static String title(String s) {
        StringBuilder b = new StringBuilder();
        boolean prevCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(prevCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevCased = Character.isLetter(c);
        }
        return b.toString();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    static String replace(String s, String old, String with, long count) {
        if (count < 0) {
            return old.isEmpty() ? replaceEmpty(s, with) : s.replace(old, with);
        }
        StringBuilder b = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count; n++) {
            int at = s.indexOf(old, from);
            if (at < 0 || old.isEmpty()) {
                break;
            }
            b.append(s, from, at).append(with);
            from = at + old.length();
        }
        return b.append(s.substring(from)).toString();
    }

    private static String replaceEmpty(String s, String with) {
        StringBuilder b = new StringBuilder(with);
        s.codePoints().forEach(cp -> b.appendCodePoint(cp).append(with));
        return b.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }

    private static List<Object> reversed(Object v) {
        List<Object> l = Py.iterate(v);
        Collections.reverse(l);
        return l;
    }

    private static String join(Object v, List<Object> a, Map<String, Object> k) {
        String sep = (String) (a.isEmpty() ? k.getOrDefault("d", "") : a.get(0));
        Object attribute = opt(a, k, 1, "attribute");
        List<String> parts = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            parts.add(Py.str(attribute == null ? x : attributeOf(x, attribute, null)));
        }
        return String.join(sep, parts);
    }

    private static Object toInt(Object v, List<Object> a) {
        if (v instanceof Long || v instanceof Boolean) {
            return Py.asLong(v);
        }
        if (v instanceof Double d) {
            return (long) (double) d;
        }
        try {
            return Long.parseLong(Py.str(v).strip().replace("_", ""));
        } catch (NumberFormatException e) {
            return a.isEmpty() ? 0L : a.get(0);
        }
    }

    private static Object toFloat(Object v) {
        try {
            return Py.isNumber(v) ? Py.asDouble(v) : Double.parseDouble(Py.str(v).strip());
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    /** Jinja2's {@code dictsort}: the (key, value) pairs by key or by value, strings case-insensitively unless asked otherwise. */
    private static List<Object> dictsort(Object v, boolean caseSensitive, Object by, boolean reverse) {
        String on = by == null ? "key" : Py.str(by);
        if (!on.equals("key") && !on.equals("value")) {
            throw new TemplateException("You can only sort by either \"key\" or \"value\" (|dictsort)");
        }
        int at = on.equals("key") ? 0 : 1;
        List<Object> items = Access.castList(Methods.bind(v, "items").call(List.of(), Map.of()));
        return sortedBy(items, x -> caseKey(((List<?>) x).get(at), caseSensitive), reverse);
    }

    /**
     * {@code items} in the order of their keys, each computed once; stable, and with {@code reverse} too (as Python's
     * {@code sorted}: equal keys keep their order).
     */
    private static List<Object> sortedBy(List<Object> items, Function<Object, Object> key, boolean reverse) {
        record Keyed(Object key, Object item) {}
        List<Keyed> keyed = new ArrayList<>();
        items.forEach(x -> keyed.add(new Keyed(key.apply(x), x)));
        Comparator<Keyed> order = (x, y) -> Py.compare(x.key(), y.key());
        keyed.sort(reverse ? order.reversed() : order);
        List<Object> out = new ArrayList<>();
        keyed.forEach(x -> out.add(x.item()));
        return out;
    }

    /** Python's {@code min} or {@code max} by {@code key}: the first item with the least or greatest key. */
    private static Object extreme(List<Object> items, boolean min, Function<Object, Object> key) {
        if (items.isEmpty()) {
            return new Undefined("empty sequence");
        }
        Object best = items.get(0);
        Object bestKey = key.apply(best);
        for (Object x : items.subList(1, items.size())) {
            Object k = key.apply(x);
            int c = Py.compare(k, bestKey);
            if (min ? c < 0 : c > 0) {
                best = x;
                bestKey = k;
            }
        }
        return best;
    }

    /** The key Jinja2's sorting and comparing filters use: the item or its {@code attribute}, folded by {@link #caseKey}. */
    private static Function<Object, Object> keyOf(Object attribute, boolean caseSensitive) {
        return x -> caseKey(attribute == null ? x : attributeOf(x, attribute, null), caseSensitive);
    }

    /** Jinja2's {@code unique}: the first of each value, strings compared case-insensitively unless asked otherwise. */
    private static List<Object> unique(Object v, boolean caseSensitive, Object attribute) {
        Function<Object, Object> key = keyOf(attribute, caseSensitive);
        List<Object> out = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            Object folded = key.apply(x);
            if (seen.stream().noneMatch(y -> Py.equal(folded, y))) {
                seen.add(folded);
                out.add(x);
            }
        }
        return out;
    }

    private static Object sum(Object v, Object attribute, Object start) {
        Object total = start;
        for (Object x : Py.iterate(v)) {
            total = Operators.arithmetic("+", total, attribute == null ? x : attributeOf(x, attribute, null));
        }
        return total;
    }

    /**
     * Jinja2's {@code groupby}: the items sorted by the attribute (see {@link #attributeOf}), then one (grouper, list) per
     * run of equal keys; strings compare case-insensitively unless asked otherwise, and the group shows its first item's
     * own value.
     */
    private static List<Object> groupby(Object v, Object attribute, Object dflt, boolean caseSensitive) {
        if (attribute == null) {
            throw new TemplateException("groupby needs the attribute to group by (|groupby)");
        }
        record Keyed(Object shown, Object key, Object item) {}
        List<Keyed> keyed = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            Object shown = attributeOf(x, attribute, dflt);
            keyed.add(new Keyed(shown, caseKey(shown, caseSensitive), x));
        }
        keyed.sort((x, y) -> Py.compare(x.key(), y.key()));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < keyed.size(); ) {
            Keyed first = keyed.get(i);
            List<Object> run = new ArrayList<>();
            for (; i < keyed.size() && Py.equal(first.key(), keyed.get(i).key()); i++) {
                run.add(keyed.get(i).item());
            }
            out.add(new Tuple.Group(first.shown(), run));
        }
        return out;
    }

    /** What Jinja2's filters compare when not case-sensitive: a string lower-cased, anything else as it is. */
    private static Object caseKey(Object key, boolean caseSensitive) {
        return !caseSensitive && key instanceof String s ? s.toLowerCase(Locale.ROOT) : key;
    }

    /**
     * Jinja2's attribute getter, which every filter taking {@code attribute=} uses: {@code a.b.0} reads keys (or
     * attributes) in turn, a number part an index; a missing one gives {@code dflt} when that is not None.
     */
    private static Object attributeOf(Object x, Object attribute, Object dflt) {
        Object at = x;
        for (String part : Py.str(attribute).split("\\.")) {
            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) {
                at = Access.item(at, Long.parseLong(part));
            } else {
                // a subscript first, as Jinja2's getitem: a dict's own "items" key wins over its method
                at = at instanceof Map<?, ?> m && m.containsKey(part) ? m.get(part) : Access.attribute(at, part);
            }
            if (at instanceof Undefined && dflt != null) {
                return dflt;
            }
        }
        return at;
    }

    /** Python's {@code round} (half to even on the exact value) for "common"; math.floor or math.ceil at the precision otherwise. */
    private static Object round(Object v, Object precision, Object method) {
        long digits = precision == null ? 0 : Py.asLong(precision);
        String how = method == null ? "common" : Py.str(method);
        if (!Py.isNumber(v)) {
            throw new TemplateException("type " + Py.typeName(v) + " doesn't define __round__ method (|round)");
        }
        double x = Py.asDouble(v);
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return switch (how) {
            case "common" -> v instanceof Double
                    ? new java.math.BigDecimal(x).setScale((int) digits, java.math.RoundingMode.HALF_EVEN).doubleValue()
                    : (Object) Py.asLong(v);
            case "floor", "ceil" -> {
                double scale = Math.pow(10, digits);
                yield (how.equals("floor") ? Math.floor(x * scale) : Math.ceil(x * scale)) / scale;
            }
            default -> throw new TemplateException("method must be common, ceil or floor (|round)");
        };
    }

    private static String truncate(String s, Object length, boolean killwords, Object end, Object leeway) {
        int max = length == null ? 255 : (int) Py.asLong(length);
        String tail = end == null ? "..." : Py.str(end);
        int slack = leeway == null ? 5 : (int) Py.asLong(leeway);
        if (s.codePointCount(0, s.length()) <= max + slack) {
            return s;
        }
        int[] cps = s.codePoints().toArray();
        String head = new String(cps, 0, Math.max(0, max - tail.length()));
        if (killwords) {
            return head + tail;
        }
        int space = head.lastIndexOf(' ');
        return (space < 0 ? head : head.substring(0, space)) + tail;
    }

    private static List<Object> batch(Object v, int size, boolean fill, Object filler) {
        if (size < 1) {
            throw new TemplateException("batch size must be at least 1 (|batch)");
        }
        List<Object> out = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            row.add(x);
            if (row.size() == size) {
                out.add(row);
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) {
            while (fill && row.size() < size) {
                row.add(filler);
            }
            out.add(row);
        }
        return out;
    }

    private static List<Object> slice(Object v, int slices, boolean fill, Object filler) {
        if (slices < 1) {
            throw new TemplateException("the number of slices must be at least 1 (|slice)");
        }
        List<Object> seq = Py.iterate(v);
        int per = seq.size() / slices;
        int withExtra = seq.size() % slices;
        int offset = 0;
        List<Object> out = new ArrayList<>();
        for (int n = 0; n < slices; n++) {
            int start = offset + n * per;
            if (n < withExtra) {
                offset++;
            }
            List<Object> part = new ArrayList<>(seq.subList(start, offset + (n + 1) * per));
            if (fill && n >= withExtra) {
                part.add(filler);
            }
            out.add(part);
        }
        return out;
    }

    /** pprint's order: every dict's keys sorted (pprint wraps long values at 80 columns too; this does not). */
    private static Object sortedDicts(Object v) {
        if (v instanceof Map<?, ?> m) {
            List<Object> keys = new ArrayList<>(m.keySet());
            keys.sort(Py::compare);
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            keys.forEach(key -> out.put(key, sortedDicts(m.get(key))));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sortedDicts(x)));
            return v instanceof Tuple ? new Tuple(out) : out;
        }
        return v;
    }

    /** Markup's striptags: comments and tags out, the common entities decoded, whitespace runs as one space. */
    private static String striptags(String s) {
        String text = s.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<.*?>", "");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#34;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return String.join(" ", Methods.split(text, null, -1).stream().map(Py::str).toList());
    }

    private static List<Object> map(Object v, List<Object> a, Map<String, Object> k) {
        List<Object> out = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            if (k.containsKey("attribute")) {
                out.add(attributeOf(x, k.get("attribute"), k.get("default")));
            } else {
                out.add(apply((String) a.get(0), x, a.subList(1, a.size()), Map.of()));
            }
        }
        return out;
    }

    private static List<Object> select(Object v, String attribute, List<Object> a, boolean keep) {
        List<Object> out = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            Object probe = attribute == null ? x : attributeOf(x, attribute, null);
            boolean pass = a.isEmpty() ? Py.truthy(probe) : test((String) a.get(0), probe, a.subList(1, a.size()));
            if (pass == keep) {
                out.add(x);
            }
        }
        return out;
    }

    private static String indent(String s, Object width, boolean first, boolean blank) {
        String pad = width instanceof String w ? w : " ".repeat((int) (width == null ? 4 : Py.asLong(width)));
        String[] lines = s.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            boolean indentIt = (i > 0 || first) && (blank || !lines[i].isBlank());
            b.append(i > 0 ? "\n" : "").append(indentIt ? pad : "").append(lines[i]);
        }
        return b.toString();
    }
}
