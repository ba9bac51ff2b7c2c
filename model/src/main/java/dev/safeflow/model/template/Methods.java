package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The Python methods of str, dict and list that chat templates call. */
final class Methods {

    private Methods() {
    }

    /** The bound method {@code target.name}, or null when the type has no such method. */
    static PyFunction bind(Object target, String name) {
        if (target instanceof String s) {
            return string(s, name);
        }
        if (target instanceof Map<?, ?> m) {
            return dict(m, name);
        }
        if (target instanceof List<?> l) {
            return switch (name) {
                case "index" -> (a, k) -> {
                    for (int i = 0; i < l.size(); i++) {
                        if (Py.equal(l.get(i), arg(a, 0, name))) {
                            return (long) i;
                        }
                    }
                    throw new TemplateException(Repr.of(a.get(0)) + " is not in list");
                };
                case "count" -> (a, k) -> l.stream().filter(x -> Py.equal(x, arg(a, 0, name))).count();
                default -> null;
            };
        }
        return null;
    }

    private static PyFunction dict(Map<?, ?> m, String name) {
        return switch (name) {
            case "items" -> (a, k) -> {
                List<Object> out = new ArrayList<>();
                m.forEach((key, v) -> out.add(new Tuple(Arrays.asList(key, v))));
                return out;
            };
            case "keys" -> (a, k) -> new ArrayList<Object>(m.keySet());
            case "values" -> (a, k) -> new ArrayList<Object>(m.values());
            case "get" -> (a, k) -> m.containsKey(arg(a, 0, name)) ? m.get(a.get(0)) : a.size() > 1 ? a.get(1) : null;
            default -> null;
        };
    }

    private static PyFunction string(String s, String name) {
        return switch (name) {
            case "strip" -> (a, k) -> Py.strip(s, chars(a), true, true);
            case "lstrip" -> (a, k) -> Py.strip(s, chars(a), true, false);
            case "rstrip" -> (a, k) -> Py.strip(s, chars(a), false, true);
            case "startswith" -> (a, k) -> affix(s, arg(a, 0, name), true);
            case "endswith" -> (a, k) -> affix(s, arg(a, 0, name), false);
            case "split" -> (a, k) -> split(s, a.isEmpty() ? null : (String) a.get(0),
                    a.size() > 1 ? Py.asLong(a.get(1)) : -1);
            case "upper" -> (a, k) -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> (a, k) -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> (a, k) -> Filters.title(s);
            case "capitalize" -> (a, k) -> Filters.capitalize(s);
            case "replace" -> (a, k) -> Filters.replace(s, (String) arg(a, 0, name), (String) arg(a, 1, name),
                    a.size() > 2 ? Py.asLong(a.get(2)) : -1);
            case "find" -> (a, k) -> (long) s.indexOf((String) arg(a, 0, name));
            case "count" -> (a, k) -> (long) Filters.replace(s, (String) arg(a, 0, name), "\0", -1).chars()
                    .filter(c -> c == 0).count();
            case "join" -> (a, k) -> {
                List<String> parts = new ArrayList<>();
                Py.iterate(arg(a, 0, name)).forEach(x -> parts.add(Py.str(x)));
                return String.join(s, parts);
            };
            case "splitlines" -> (a, k) -> new ArrayList<Object>(Arrays.asList(s.split("\r\n|\r|\n")))
                    .subList(0, s.isEmpty() ? 0 : s.split("\r\n|\r|\n").length);
            default -> null;
        };
    }

    private static Object arg(List<Object> args, int i, String method) {
        if (args.size() <= i) {
            throw new TemplateException(method + "() takes at least " + (i + 1) + " argument(s)");
        }
        return args.get(i);
    }

    private static String chars(List<Object> args) {
        return args.isEmpty() || args.get(0) == null ? null : (String) args.get(0);
    }

    private static boolean affix(String s, Object prefix, boolean start) {
        List<Object> options = prefix instanceof List<?> l ? Access.castList(l) : List.of(prefix);
        for (Object p : options) {
            if (start ? s.startsWith((String) p) : s.endsWith((String) p)) {
                return true;
            }
        }
        return false;
    }

    /** Python's {@code str.split(sep, maxsplit)}; no separator splits on runs of whitespace. */
    static List<Object> split(String s, String sep, long max) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String rest = Py.strip(s, null, true, false);
            while (!rest.isEmpty() && (max < 0 || out.size() < max)) {
                int end = 0;
                while (end < rest.length() && !Py.isSpaceChar(rest.charAt(end))) {
                    end++;
                }
                out.add(rest.substring(0, end));
                rest = Py.strip(rest.substring(end), null, true, false);
            }
            if (!rest.isEmpty()) {
                out.add(Py.rstrip(rest, null));
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int from = 0;
        for (int at = s.indexOf(sep); at >= 0 && (max < 0 || out.size() < max); at = s.indexOf(sep, from)) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }
}
