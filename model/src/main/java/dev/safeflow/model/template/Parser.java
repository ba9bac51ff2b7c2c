package dev.safeflow.model.template;

import dev.safeflow.model.template.Lexer.Segment;
import dev.safeflow.model.template.Node.Expr;
import dev.safeflow.model.template.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the statement tree from the lexer's segments. */
final class Parser {

    private final List<Segment> segments;
    private int i;

    private Parser(List<Segment> segments) {
        this.segments = segments;
    }

    static List<Node> parse(String source) {
        Parser p = new Parser(Lexer.lex(source));
        List<Node> body = p.body(Set.of());
        if (p.i < p.segments.size()) {
            Lexer.Tag t = (Lexer.Tag) p.segments.get(p.i);
            throw new TemplateException("line " + t.line() + ": unexpected '" + t.tokens().get(0).text() + "'");
        }
        return body;
    }

    /** Statements up to (not including) a tag whose name is in {@code ends}, or to the end of input. */
    private List<Node> body(Set<String> ends) {
        List<Node> out = new ArrayList<>();
        while (i < segments.size()) {
            Segment s = segments.get(i);
            if (s instanceof Lexer.Text t) {
                out.add(new Node.Text(t.text()));
                i++;
            } else if (s instanceof Lexer.Output o) {
                ExprParser e = new ExprParser(o.tokens(), 0);
                Expr value = e.tuple();
                e.expectEnd();
                out.add(new Node.Output(value));
                i++;
            } else {
                Lexer.Tag tag = (Lexer.Tag) s;
                String name = tag.tokens().get(0).text();
                if (ends.contains(name)) {
                    return out;
                }
                i++;
                out.add(statement(name, tag));
            }
        }
        if (!ends.isEmpty()) {
            throw new TemplateException("template ended where one of " + ends + " was expected");
        }
        return out;
    }

    private Node statement(String name, Lexer.Tag tag) {
        ExprParser e = new ExprParser(tag.tokens(), 1);
        if (tag.tokens().get(0).kind() != Kind.NAME) {
            throw new TemplateException("line " + tag.line() + ": a tag starts with its name");
        }
        switch (name) {
            case "if" -> {
                return ifStatement(e);
            }
            case "for" -> {
                return forStatement(e);
            }
            case "set" -> {
                return setStatement(e);
            }
            case "macro" -> {
                return macro(e);
            }
            case "break", "continue" -> {
                e.expectEnd();
                return new Node.LoopControl(name.equals("break"));
            }
            case "filter" -> {
                Expr chain = e.filterChain(new Node.Name(Node.FilterBlock.BODY, tag.line()));
                e.expectEnd();
                List<Node> body = body(Set.of("endfilter"));
                close("endfilter");
                return new Node.FilterBlock(chain, body);
            }
            case "with" -> {
                List<String> names = new ArrayList<>();
                List<Expr> values = new ArrayList<>();
                while (e.peek().kind() != Kind.END) {
                    names.add(e.name());
                    e.expect("=");
                    values.add(e.expression());
                    if (!e.accept(",")) {
                        break;
                    }
                }
                e.expectEnd();
                List<Node> body = body(Set.of("endwith"));
                close("endwith");
                return new Node.With(names, values, body);
            }
            case "generation" -> { // transformers' assistant-mask extension renders its body unchanged
                e.expectEnd();
                List<Node> body = body(Set.of("endgeneration"));
                close("endgeneration");
                return new Node.If(List.of(new Node.Literal(Boolean.TRUE)), List.of(body), List.of());
            }
            default -> throw new TemplateException("line " + tag.line() + ": unknown or unsupported tag '" + name + "'");
        }
    }

    private Node ifStatement(ExprParser e) {
        List<Expr> conditions = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        Expr cond = e.tuple();
        e.expectEnd();
        while (true) {
            conditions.add(cond);
            bodies.add(body(Set.of("elif", "else", "endif")));
            Lexer.Tag tag = (Lexer.Tag) segments.get(i++);
            String name = tag.tokens().get(0).text();
            if (name.equals("elif")) {
                ExprParser c = new ExprParser(tag.tokens(), 1);
                cond = c.tuple();
                c.expectEnd();
            } else if (name.equals("else")) {
                new ExprParser(tag.tokens(), 1).expectEnd();
                List<Node> otherwise = body(Set.of("endif"));
                close("endif");
                return new Node.If(conditions, bodies, otherwise);
            } else {
                new ExprParser(tag.tokens(), 1).expectEnd();
                return new Node.If(conditions, bodies, List.of());
            }
        }
    }

    private Node forStatement(ExprParser e) {
        List<String> targets = new ArrayList<>();
        boolean paren = e.accept("(");
        do {
            targets.add(e.name());
        } while (e.accept(","));
        if (paren) {
            e.expect(")");
        }
        if (!e.accept("in")) {
            throw e.error("expected 'in' in a for loop");
        }
        Expr iterable = e.or();
        Expr filter = e.accept("if") ? e.expression() : null;
        if (e.peek().isName("recursive")) {
            throw e.error("recursive loops are not supported");
        }
        e.expectEnd();
        List<Node> body = body(Set.of("else", "endfor"));
        List<Node> otherwise = List.of();
        Lexer.Tag tag = (Lexer.Tag) segments.get(i++);
        if (tag.tokens().get(0).text().equals("else")) {
            otherwise = body(Set.of("endfor"));
            close("endfor");
        }
        return new Node.For(targets, iterable, filter, body, otherwise);
    }

    private Node setStatement(ExprParser e) {
        List<String> names = new ArrayList<>();
        names.add(e.name());
        String attribute = null;
        if (e.accept(".")) {
            attribute = e.name();
        }
        while (attribute == null && e.accept(",")) {
            names.add(e.name());
        }
        if (e.peek().kind() == Kind.END && attribute == null && names.size() == 1) {
            List<Node> body = body(Set.of("endset"));
            close("endset");
            return new Node.SetBlock(names.get(0), body);
        }
        e.expect("=");
        Expr value = e.tuple();
        e.expectEnd();
        return new Node.Set(names, attribute, value);
    }

    private Node macro(ExprParser e) {
        String name = e.name();
        List<String> params = new ArrayList<>();
        Map<String, Expr> defaults = new LinkedHashMap<>();
        e.expect("(");
        while (!e.accept(")")) {
            String p = e.name();
            params.add(p);
            if (e.accept("=")) {
                defaults.put(p, e.expression());
            }
            if (!e.accept(",")) {
                e.expect(")");
                break;
            }
        }
        e.expectEnd();
        List<Node> body = body(Set.of("endmacro"));
        close("endmacro");
        return new Node.Macro(name, params, defaults, body);
    }

    private void close(String name) {
        Lexer.Tag tag = (Lexer.Tag) segments.get(i++);
        new ExprParser(tag.tokens(), 1).expectEnd();
        if (!tag.tokens().get(0).text().equals(name)) {
            throw new TemplateException("line " + tag.line() + ": expected " + name);
        }
    }
}
