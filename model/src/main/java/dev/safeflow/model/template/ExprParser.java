package dev.safeflow.model.template;

import dev.safeflow.model.template.Node.Attr;
import dev.safeflow.model.template.Node.Binary;
import dev.safeflow.model.template.Node.Call;
import dev.safeflow.model.template.Node.Compare;
import dev.safeflow.model.template.Node.Conditional;
import dev.safeflow.model.template.Node.DictExpr;
import dev.safeflow.model.template.Node.Expr;
import dev.safeflow.model.template.Node.Filter;
import dev.safeflow.model.template.Node.Item;
import dev.safeflow.model.template.Node.ListExpr;
import dev.safeflow.model.template.Node.Literal;
import dev.safeflow.model.template.Node.Name;
import dev.safeflow.model.template.Node.Slice;
import dev.safeflow.model.template.Node.Test;
import dev.safeflow.model.template.Node.Unary;
import dev.safeflow.model.template.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Jinja2's expression grammar, precedence from loosest to tightest as in its parser. */
final class ExprParser extends TokenCursor {

    private static final Set<String> COMPARE = Set.of("==", "!=", "<", ">", "<=", ">=");

    ExprParser(List<Token> tokens, int start) {
        super(tokens, start);
    }

    /** An expression, or a tuple when commas follow (as in {@code set a = 1, 2}). */
    Expr tuple() {
        Expr first = expression();
        if (!peek().is(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (accept(",") && peek().kind() != Kind.END) {
            items.add(expression());
        }
        return new ListExpr(items, true);
    }

    Expr expression() {
        Expr e = or();
        while (accept("if")) {
            Expr test = or();
            Expr otherwise = accept("else") ? expression() : new Literal(Py.UNDEFINED);
            e = new Conditional(test, e, otherwise);
        }
        return e;
    }

    /** Without the conditional form, for {@code for ... in X if COND}. */
    Expr or() {
        Expr e = and();
        while (peek().isName("or")) {
            int line = next().line();
            e = new Binary("or", e, and(), line);
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (peek().isName("and")) {
            int line = next().line();
            e = new Binary("and", e, not(), line);
        }
        return e;
    }

    private Expr not() {
        if (peek().isName("not")) {
            int line = next().line();
            return new Unary("not", not(), line);
        }
        return compare();
    }

    private Expr compare() {
        int line = peek().line();
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP && COMPARE.contains(t.text())) {
                ops.add(next().text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && ahead(1).isName("in")) {
                next();
                next();
                ops.add("not in");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new Compare(first, ops, rest, line);
    }

    private Expr math1() {
        Expr e = concat();
        while (peek().kind() == Kind.OP && (peek().is("+") || peek().is("-"))) {
            Token op = next();
            e = new Binary(op.text(), e, concat(), op.line());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (peek().kind() == Kind.OP && peek().is("~")) {
            int line = next().line();
            e = new Binary("~", e, math2(), line);
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (peek().kind() == Kind.OP && List.of("*", "/", "//", "%").contains(peek().text())) {
            Token op = next();
            e = new Binary(op.text(), e, pow(), op.line());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (peek().kind() == Kind.OP && peek().is("**")) {
            int line = next().line();
            e = new Binary("**", e, unary(true), line);
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Token t = peek();
        Expr e;
        if (t.kind() == Kind.OP && (t.is("-") || t.is("+"))) {
            next();
            e = new Unary(t.text(), unary(false), t.line());
        } else {
            e = postfix(primary());
        }
        return withFilter ? filters(e) : e;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case STRING -> {
                StringBuilder b = new StringBuilder((String) t.value());
                while (peek().kind() == Kind.STRING) {
                    b.append((String) next().value()); // adjacent literals concatenate
                }
                return new Literal(b.toString());
            }
            case INT, FLOAT -> {
                return new Literal(t.value());
            }
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Literal(Boolean.TRUE);
                    case "false", "False" -> new Literal(Boolean.FALSE);
                    case "none", "None" -> new Literal(null);
                    default -> new Name(t.text(), t.line());
                };
            }
            default -> { }
        }
        if (t.is("(")) {
            if (accept(")")) {
                return new ListExpr(List.of(), true);
            }
            Expr e = expression();
            if (!peek().is(",")) {
                expect(")");
                return e;
            }
            List<Expr> items = new ArrayList<>(List.of(e));
            while (accept(",") && !peek().is(")")) {
                items.add(expression());
            }
            expect(")");
            return new ListExpr(items, true);
        }
        if (t.is("[")) {
            List<Expr> items = new ArrayList<>();
            while (!accept("]")) {
                items.add(expression());
                if (!accept(",")) {
                    expect("]");
                    break;
                }
            }
            return new ListExpr(items, false);
        }
        if (t.is("{")) {
            List<Expr> keys = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            while (!accept("}")) {
                keys.add(expression());
                expect(":");
                values.add(expression());
                if (!accept(",")) {
                    expect("}");
                    break;
                }
            }
            return new DictExpr(keys, values);
        }
        throw new TemplateException("line " + t.line() + ": unexpected '" + t.text() + "'");
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.kind() != Kind.OP) {
                return e;
            }
            if (t.is(".")) {
                next();
                Token n = next();
                if (n.kind() != Kind.NAME && n.kind() != Kind.INT) {
                    throw new TemplateException("line " + n.line() + ": expected an attribute after '.'");
                }
                e = n.kind() == Kind.INT ? new Item(e, new Literal(n.value()), n.line()) : new Attr(e, n.text(), n.line());
            } else if (t.is("[")) {
                next();
                e = subscript(e, t.line());
            } else if (t.is("(")) {
                e = call(e, t.line());
            } else {
                return e;
            }
        }
    }

    private Expr subscript(Expr target, int line) {
        Expr[] parts = new Expr[3];
        int part = 0;
        boolean slice = false;
        while (!peek().is("]")) {
            if (accept(":")) {
                slice = true;
                part++;
                if (part > 2) {
                    throw error("a slice has at most three parts");
                }
                continue;
            }
            parts[part] = expression();
        }
        expect("]");
        return slice ? new Slice(target, parts[0], parts[1], parts[2]) : new Item(target, parts[0], line);
    }

    private Call call(Expr fn, int line) {
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        arguments(args, kwargs);
        return new Call(fn, args, kwargs, line);
    }

    /** {@code (a, b, key=value)}; the opening parenthesis is next. */
    void arguments(List<Expr> args, Map<String, Expr> kwargs) {
        expect("(");
        while (!accept(")")) {
            if (peek().kind() == Kind.NAME && ahead(1).is("=") && ahead(1).kind() == Kind.OP) {
                String key = next().text();
                next();
                kwargs.put(key, expression());
            } else {
                args.add(expression());
            }
            if (!accept(",")) {
                expect(")");
                break;
            }
        }
    }

    /** A filter block's chain, {@code name(args)|name2...}, applied to {@code value}. */
    Expr filterChain(Expr value) {
        Token t = peek();
        String name = name();
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        if (peek().is("(") && peek().kind() == Kind.OP) {
            arguments(args, kwargs);
        }
        return filters(new Filter(value, name, args, kwargs, t.line()));
    }

    private Expr filters(Expr e) {
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP && t.is("|")) {
                next();
                String name = name();
                List<Expr> args = new ArrayList<>();
                Map<String, Expr> kwargs = new LinkedHashMap<>();
                if (peek().is("(") && peek().kind() == Kind.OP) {
                    arguments(args, kwargs);
                }
                e = new Filter(e, name, args, kwargs, t.line());
            } else if (t.isName("is")) {
                next();
                boolean negated = peek().isName("not") && next() != null;
                String name = name();
                List<Expr> args = new ArrayList<>();
                Map<String, Expr> kwargs = new LinkedHashMap<>();
                Token n = peek();
                if (n.is("(") && n.kind() == Kind.OP) {
                    arguments(args, kwargs);
                } else if ((n.kind() == Kind.STRING || n.kind() == Kind.INT || n.kind() == Kind.FLOAT
                        || (n.kind() == Kind.NAME && !Set.of("else", "or", "and", "if", "in", "not", "is")
                        .contains(n.text())))) {
                    args.add(postfix(primary()));
                }
                e = new Test(e, name, args, negated, t.line());
            } else if (t.kind() == Kind.OP && t.is("(")) {
                e = call(e, t.line());
            } else {
                return e;
            }
        }
    }
}
