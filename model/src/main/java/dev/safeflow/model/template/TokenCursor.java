package dev.safeflow.model.template;

import dev.safeflow.model.template.Token.Kind;
import java.util.List;

/** A position in one tag's tokens, with the accept/expect vocabulary of a recursive-descent parser. */
class TokenCursor {

    private final List<Token> tokens;
    private int i;

    TokenCursor(List<Token> tokens, int start) {
        this.tokens = tokens;
        this.i = start;
    }

    Token peek() {
        return tokens.get(i);
    }

    Token next() {
        return tokens.get(i++);
    }

    boolean accept(String op) {
        if (peek().is(op) && peek().kind() != Kind.STRING) {
            i++;
            return true;
        }
        return false;
    }

    void expect(String op) {
        if (!accept(op)) {
            throw error("expected '" + op + "'");
        }
    }

    String name() {
        Token t = next();
        if (t.kind() != Kind.NAME) {
            throw new TemplateException("line " + t.line() + ": expected a name, found '" + t.text() + "'");
        }
        return t.text();
    }

    void expectEnd() {
        if (peek().kind() != Kind.END) {
            throw error("unexpected '" + peek().text() + "'");
        }
    }

    TemplateException error(String what) {
        return new TemplateException("line " + peek().line() + ": " + what);
    }

    Token ahead(int n) {
        return tokens.get(Math.min(i + n, tokens.size() - 1));
    }
}
