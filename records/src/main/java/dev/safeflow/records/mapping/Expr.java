package dev.safeflow.records.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One compiled value expression of a mapping file, evaluated against an input tree (a JSON value, or an Avro record
 * seen as one by {@link AvroTree}). An expression that cannot produce text throws {@link Unresolved} with the
 * path that failed, which becomes the dead letter's reason.
 */
sealed interface Expr {
    /** The value as one text. */
    String text(JsonNode root) throws Unresolved;

    /** The value as a list of texts: a path to a list gives its elements, anything else one text. */
    default List<String> texts(JsonNode root) throws Unresolved {
        return List.of(text(root));
    }

    /** Why an expression has no value for this input. Cheap: no stack trace, it is the normal path for bad input. */
    final class Unresolved extends Exception {
        private static final long serialVersionUID = 1L;

        Unresolved(String message) {
            super(message, null, false, false);
        }
    }

    /** A JSON Pointer ({@code /a/b/0}); field paths ({@code a.b[0]}) are compiled to the same pointer. */
    record Path(JsonPointer pointer, String written) implements Expr {
        @Override
        public String text(JsonNode root) throws Unresolved {
            return scalar(node(root), written);
        }

        @Override
        public List<String> texts(JsonNode root) throws Unresolved {
            JsonNode n = node(root);
            if (!n.isArray()) {
                return List.of(scalar(n, written));
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                out.add(scalar(n.get(i), written + "/" + i));
            }
            return out;
        }

        JsonNode node(JsonNode root) throws Unresolved {
            JsonNode n = root.at(pointer);
            if (n.isMissingNode() || n.isNull()) {
                throw new Unresolved("no value at " + written);
            }
            return n;
        }

        static String scalar(JsonNode n, String where) throws Unresolved {
            if (n.isTextual() || n.isNumber() || n.isBoolean()) {
                return n.asText();
            }
            throw new Unresolved("expected text at " + where + ", found " + kind(n)
                + (n.isArray() ? " (use join to make one text of a list)" : ""));
        }

        static String kind(JsonNode n) {
            return n.isArray() ? "a list" : n.isObject() ? "an object" : n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    record Literal(String value) implements Expr {
        @Override
        public String text(JsonNode root) {
            return value;
        }
    }

    /** The texts of every part, lists flattened, in order, with the separator between them; missing parts are skipped. */
    record Join(List<Expr> parts, String separator) implements Expr {
        @Override
        public String text(JsonNode root) throws Unresolved {
            List<String> out = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (Expr part : parts) {
                try {
                    out.addAll(part.texts(root));
                } catch (Unresolved e) {
                    missing.add(e.getMessage());
                }
            }
            if (out.isEmpty()) {
                throw new Unresolved("join found nothing: " + String.join("; ", missing));
            }
            return String.join(separator, out);
        }
    }

    /** The first option with a non-blank value. */
    record Default(List<Expr> options) implements Expr {
        @Override
        public String text(JsonNode root) throws Unresolved {
            List<String> why = new ArrayList<>();
            for (Expr option : options) {
                try {
                    String v = option.text(root);
                    if (!v.isBlank()) {
                        return v;
                    }
                    why.add("blank value from option " + (why.size() + 1));
                } catch (Unresolved e) {
                    why.add(e.getMessage());
                }
            }
            throw new Unresolved("no option of default has a value: " + String.join("; ", why));
        }
    }

    /** Literal text with {@code {path}} placeholders; every placeholder must resolve. */
    record Template(List<Expr> pieces) implements Expr {
        @Override
        public String text(JsonNode root) throws Unresolved {
            StringBuilder out = new StringBuilder();
            for (Expr piece : pieces) {
                out.append(piece.text(root));
            }
            return out.toString();
        }
    }
}
