package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute, item and slice access as Jinja2's sandbox resolves them: {@code obj.name} tries a Python
 * attribute first and then the item, {@code obj[key]} the other way round; a missing one is undefined.
 * Methods that mutate (list.append, dict.update, ...) are refused, as the immutable sandbox does.
 */
final class Access {

    private static final Set<String> UNSAFE = Set.of("append", "extend", "insert", "pop", "remove", "reverse",
            "sort", "clear", "update", "popitem", "setdefault", "add", "discard", "difference_update",
            "intersection_update", "symmetric_difference_update");

    private Access() {
    }

    static Object attribute(Object target, String name) {
        if (target instanceof Undefined u) {
            throw new TemplateException(u.hint() + " (while reading ." + name + ")");
        }
        if (name.startsWith("_")) {
            throw new TemplateException("access to attribute '" + name + "' of '" + Py.typeName(target)
                    + "' object is unsafe");
        }
        if (target instanceof Namespace ns) {
            return ns.attributes.containsKey(name) ? ns.attributes.get(name)
                    : missing(target, name);
        }
        if (target instanceof Loop loop) {
            return loop.attribute(name);
        }
        if (target instanceof Tuple.Group g && g.attribute(name) != null) {
            return g.attribute(name);
        }
        if ((target instanceof List || target instanceof Map) && UNSAFE.contains(name)) {
            throw new TemplateException("access to attribute '" + name + "' of '" + Py.typeName(target)
                    + "' object is unsafe");
        }
        PyFunction method = Methods.bind(target, name);
        if (method != null) {
            return method;
        }
        if (target instanceof Map<?, ?> m && m.containsKey(name)) {
            return m.get(name);
        }
        return missing(target, name);
    }

    static Object item(Object target, Object key) {
        if (target instanceof Undefined u) {
            throw new TemplateException(u.hint() + " (while reading [" + Repr.of(key) + "])");
        }
        if (target instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (Py.equal(e.getKey(), key) && Py.typeName(e.getKey()).equals(Py.typeName(key))) {
                    return e.getValue();
                }
            }
        } else if ((target instanceof List || target instanceof String) && (key instanceof Long || key instanceof Boolean)) {
            List<Object> seq = target instanceof String s ? Py.iterate(s) : castList(target);
            long i = Py.asLong(key);
            if (i < 0) {
                i += seq.size();
            }
            if (i >= 0 && i < seq.size()) {
                return seq.get((int) i);
            }
            return new Undefined(Py.typeName(target) + " index " + key + " out of range");
        }
        if (key instanceof String name && !(target instanceof List) && !(target instanceof String)) {
            return attribute(target, name);
        }
        return missing(target, Py.str(key));
    }

    /** {@code target[start:stop:step]} with Python's clamping and negative indices. */
    static Object slice(Object target, Object start, Object stop, Object step) {
        if (!(target instanceof List) && !(target instanceof String)) {
            throw new TemplateException("'" + Py.typeName(target) + "' object is not subscriptable with a slice");
        }
        List<Object> seq = target instanceof String s ? Py.iterate(s) : castList(target);
        int n = seq.size();
        long st = step == null || step instanceof Undefined ? 1 : Py.asLong(step);
        if (st == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        long lo = bound(start, n, st > 0 ? 0 : n - 1, st);
        long hi = bound(stop, n, st > 0 ? n : -1, st);
        List<Object> out = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) {
            out.add(seq.get((int) i));
        }
        if (target instanceof String) {
            StringBuilder b = new StringBuilder();
            out.forEach(c -> b.append((String) c));
            return b.toString();
        }
        return out;
    }

    private static long bound(Object v, int n, long dflt, long step) {
        if (v == null || v instanceof Undefined) {
            return dflt;
        }
        long i = Py.asLong(v);
        if (i < 0) {
            i += n;
        }
        return step > 0 ? Math.max(0, Math.min(i, n)) : Math.max(-1, Math.min(i, n - 1));
    }

    @SuppressWarnings("unchecked")
    static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    private static Undefined missing(Object target, String name) {
        return new Undefined("'" + Py.typeName(target) + " object' has no attribute '" + name + "'");
    }
}
