package dev.safeflow.model.template;

import java.util.List;
import java.util.Map;

/** The parsed template: statements render text, expressions compute Python-like values. */
sealed interface Node {

    record Text(String text) implements Node {}

    record Output(Expr value) implements Node {}

    record If(List<Expr> conditions, List<List<Node>> bodies, List<Node> otherwise) implements Node {}

    record For(List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise)
            implements Node {}

    /** {@code set name = v}, {@code set a, b = v} or {@code set ns.attr = v} (then {@code attribute} is set). */
    record Set(List<String> names, String attribute, Expr value) implements Node {}

    record SetBlock(String name, List<Node> body) implements Node {}

    record Macro(String name, List<String> params, Map<String, Expr> defaults, List<Node> body) implements Node {}

    record LoopControl(boolean isBreak) implements Node {}

    /** {@code filter name(args)|...}: the body rendered, then passed through {@code chain}, whose innermost value is {@link #BODY}. */
    record FilterBlock(Expr chain, List<Node> body) implements Node {
        /** The name the body's text is bound to while the chain is evaluated; no template can spell it. */
        static final String BODY = " filter body";
    }

    /** {@code with a = x, b = y}: the body in a scope of its own with those names set (evaluated outside it). */
    record With(List<String> names, List<Expr> values, List<Node> body) implements Node {}

    sealed interface Expr {}

    record Literal(Object value) implements Expr {}

    record Name(String name, int line) implements Expr {}

    /** A list literal, or a tuple ({@code (a, b)}) when {@code tuple}. */
    record ListExpr(List<Expr> items, boolean tuple) implements Expr {}

    record DictExpr(List<Expr> keys, List<Expr> values) implements Expr {}

    record Attr(Expr target, String name, int line) implements Expr {}

    record Item(Expr target, Expr key, int line) implements Expr {}

    record Slice(Expr target, Expr start, Expr stop, Expr step) implements Expr {}

    record Call(Expr fn, List<Expr> args, Map<String, Expr> kwargs, int line) implements Expr {}

    record Filter(Expr value, String name, List<Expr> args, Map<String, Expr> kwargs, int line) implements Expr {}

    record Test(Expr value, String name, List<Expr> args, boolean negated, int line) implements Expr {}

    record Binary(String op, Expr left, Expr right, int line) implements Expr {}

    record Unary(String op, Expr operand, int line) implements Expr {}

    /** {@code a < b <= c}: each operator compares its neighbours, as in Python. */
    record Compare(Expr first, List<String> ops, List<Expr> rest, int line) implements Expr {}

    record Conditional(Expr test, Expr then, Expr otherwise) implements Expr {}
}
