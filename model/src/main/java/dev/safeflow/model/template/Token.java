package dev.safeflow.model.template;

/** One lexical token of a tag's expression; {@code value} holds a literal's decoded value. */
record Token(Kind kind, String text, Object value, int line) {

    enum Kind { NAME, STRING, INT, FLOAT, OP, END }

    boolean is(String op) {
        return (kind == Kind.OP || kind == Kind.NAME) && text.equals(op);
    }

    boolean isName(String name) {
        return kind == Kind.NAME && text.equals(name);
    }
}
