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
            case "rsplit" -> (a, k) -> rsplit(s, a.isEmpty() ? null : (String) a.get(0), a.size() > 1 ? Py.asLong(a.get(1)) : -1);
            case "partition", "rpartition" -> (a, k) -> partition(s, (String) arg(a, 0, name), name.equals("partition"));
            case "removeprefix" -> (a, k) -> s.startsWith((String) arg(a, 0, name)) ? s.substring(((String) a.get(0)).length()) : s;
            case "removesuffix" -> (a, k) -> !((String) arg(a, 0, name)).isEmpty() && s.endsWith((String) a.get(0))
                    ? s.substring(0, s.length() - ((String) a.get(0)).length()) : s;
            case "rfind" -> (a, k) -> (long) s.lastIndexOf((String) arg(a, 0, name));
            case "index", "rindex" -> (a, k) -> {
                int at = name.equals("index") ? s.indexOf((String) arg(a, 0, name)) : s.lastIndexOf((String) arg(a, 0, name));
                if (at < 0) {
                    throw new TemplateException("substring not found");
                }
                return (long) at;
            };
            case "isupper" -> (a, k) -> cased(s) && s.codePoints().noneMatch(Character::isLowerCase);
            case "islower" -> (a, k) -> cased(s) && s.codePoints().noneMatch(c -> Character.isUpperCase(c) || Character.isTitleCase(c));
            case "isdigit", "isdecimal", "isnumeric" -> (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Py::isSpaceChar);
            case "swapcase" -> (a, k) -> swapcase(s);
            case "casefold" -> (a, k) -> s.toUpperCase(java.util.Locale.ROOT).toLowerCase(java.util.Locale.ROOT); // ß → ss
            case "zfill" -> (a, k) -> zfill(s, (int) Py.asLong(arg(a, 0, name)));
            case "center" -> (a, k) -> center(s, (int) Py.asLong(arg(a, 0, name)), a.size() > 1 ? (String) a.get(1) : " ");
            case "ljust", "rjust" -> (a, k) -> {
                int missing = (int) Py.asLong(arg(a, 0, name)) - s.codePointCount(0, s.length());
                String fill = (a.size() > 1 ? (String) a.get(1) : " ").repeat(Math.max(0, missing));
                return name.equals("ljust") ? s + fill : fill + s;
            };
            case "format" -> (a, k) -> PyFormat.format(s, a, k);
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

    private static boolean cased(String s) {
        return s.codePoints().anyMatch(c -> Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c));
    }

    private static String swapcase(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
        return b.toString();
    }

    private static String zfill(String s, int width) {
        int missing = width - s.codePointCount(0, s.length());
        if (missing <= 0) {
            return s;
        }
        int sign = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        return s.substring(0, sign) + "0".repeat(missing) + s.substring(sign);
    }

    /** Python's {@code str.center}: an odd margin puts the extra fill on the left when the width is odd. */
    static String center(String s, int width, String fill) {
        int margin = width - s.codePointCount(0, s.length());
        if (margin <= 0) {
            return s;
        }
        int left = margin / 2 + (margin & width & 1);
        return fill.repeat(left) + s + fill.repeat(margin - left);
    }

    private static Tuple partition(String s, String sep, boolean first) {
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int at = first ? s.indexOf(sep) : s.lastIndexOf(sep);
        if (at < 0) {
            return new Tuple(first ? Arrays.asList(s, "", "") : Arrays.asList("", "", s));
        }
        return new Tuple(Arrays.asList(s.substring(0, at), sep, s.substring(at + sep.length())));
    }

    /** Python's {@code str.rsplit(sep, maxsplit)}: splits from the right. */
    static List<Object> rsplit(String s, String sep, long max) {
        if (max < 0) {
            return split(s, sep, max);
        }
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String rest = Py.rstrip(s, null);
            while (!rest.isEmpty() && out.size() < max) {
                int start = rest.length();
                while (start > 0 && !Py.isSpaceChar(rest.charAt(start - 1))) {
                    start--;
                }
                out.add(0, rest.substring(start));
                rest = Py.rstrip(rest.substring(0, start), null);
            }
            if (!rest.isEmpty()) {
                out.add(0, rest);
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int end = s.length();
        for (int at = s.lastIndexOf(sep, end - sep.length()); at >= 0 && out.size() < max;
                at = s.lastIndexOf(sep, end - sep.length())) {
            out.add(0, s.substring(at + sep.length(), end));
            end = at;
            if (end < sep.length()) {
                at = -1;
                break;
            }
        }
        out.add(0, s.substring(0, end));
        return out;
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
                out.add(rest); // the remainder after maxsplit keeps its trailing whitespace, as CPython's does
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
