package dev.safeflow.records.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the value expressions of a mapping file. A value is a path (a JSON Pointer such as {@code /ticket/body},
 * or an Avro-style field path such as {@code ticket.body} or {@code replies[0]}), or an object with one function:
 * {@code {literal: TEXT}}, {@code {join: [VALUE...], separator: TEXT}}, {@code {default: [VALUE...]}} or
 * {@code {template: "Subject: {/subject}"}}.
 */
final class ExprCompiler {
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[\\d+])*(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\d+])*)*");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]");
    private static final Set<String> FUNCTIONS = new TreeSet<>(List.of("path", "literal", "join", "default", "template"));

    private final String file;

    ExprCompiler(String file) {
        this.file = file;
    }

    Expr compile(JsonNode spec, String key) {
        if (spec.isTextual()) {
            return path(spec.asText(), key);
        }
        if (!spec.isObject()) {
            throw error(key, "must be a path (e.g. /answer or answer.text) or one of {literal: ...}, {join: [...]}, "
                + "{default: [...]}, {template: \"...\"}; got " + spec.getNodeType().name().toLowerCase());
        }
        Set<String> functions = new TreeSet<>();
        spec.fieldNames().forEachRemaining(functions::add);
        functions.retainAll(FUNCTIONS);
        if (functions.size() != 1) {
            throw error(key, "needs exactly one of " + FUNCTIONS + ", got " + names(spec));
        }
        String function = functions.iterator().next();
        allowOnly(spec, key, function, function.equals("join") ? "separator" : null);
        JsonNode arg = spec.get(function);
        return switch (function) {
            case "path" -> path(text(arg, key + "." + function), key);
            case "literal" -> new Expr.Literal(text(arg, key + ".literal"));
            case "join" -> new Expr.Join(list(arg, key + ".join"),
                spec.has("separator") ? text(spec.get("separator"), key + ".separator") : "\n\n");
            case "default" -> new Expr.Default(list(arg, key + ".default"));
            case "template" -> template(text(arg, key + ".template"), key + ".template");
            default -> throw new IllegalStateException("unhandled function " + function);
        };
    }

    /** A path as written: "/..." is a JSON Pointer, "" the whole value, anything else a field path. */
    Expr.Path path(String written, String key) {
        if (written.isEmpty() || written.startsWith("/")) {
            try {
                return new Expr.Path(JsonPointer.compile(written), written.isEmpty() ? "(the whole value)" : written);
            } catch (IllegalArgumentException e) {
                throw error(key, "'" + written + "' is not a JSON Pointer: " + e.getMessage());
            }
        }
        if (!FIELD_PATH.matcher(written).matches()) {
            throw error(key, "'" + written + "' is neither a JSON Pointer (/a/b/0) nor a field path (a.b[0]); "
                + "for fixed text write {literal: \"" + written + "\"}");
        }
        StringBuilder pointer = new StringBuilder();
        Matcher m = SEGMENT.matcher(written);
        while (m.find()) {
            pointer.append('/').append(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return new Expr.Path(JsonPointer.compile(pointer.toString()), written);
    }

    private Expr template(String text, String key) {
        List<Expr> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                literal.append(c); // {{ and }} stand for literal braces
                i++;
            } else if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw error(key, "placeholder opened at character " + (i + 1) + " is never closed (write {{ for a literal brace)");
                }
                if (!literal.isEmpty()) {
                    pieces.add(new Expr.Literal(literal.toString()));
                    literal.setLength(0);
                }
                pieces.add(path(text.substring(i + 1, end).strip(), key));
                i = end;
            } else if (c == '}') {
                throw error(key, "'}' at character " + (i + 1) + " closes no placeholder (write }} for a literal brace)");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            pieces.add(new Expr.Literal(literal.toString()));
        }
        return new Expr.Template(List.copyOf(pieces));
    }

    private List<Expr> list(JsonNode arg, String key) {
        if (!arg.isArray() || arg.isEmpty()) {
            throw error(key, "needs a non-empty list of values, e.g. [/a, /b]");
        }
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < arg.size(); i++) {
            out.add(compile(arg.get(i), key + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    String text(JsonNode v, String key) {
        if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
            throw error(key, "must be text");
        }
        return v.asText();
    }

    void allowOnly(JsonNode object, String key, String... allowed) {
        Set<String> ok = new TreeSet<>();
        for (String a : allowed) {
            if (a != null) {
                ok.add(a);
            }
        }
        for (String name : names(object)) {
            if (!ok.contains(name)) {
                throw error(key, "has unknown key '" + name + "'; allowed: " + ok);
            }
        }
    }

    static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    MappingException error(String key, String problem) {
        return new MappingException("mapping " + file + ": '" + key + "' " + problem);
    }
}
