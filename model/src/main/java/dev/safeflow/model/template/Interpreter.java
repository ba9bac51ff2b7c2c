package dev.safeflow.model.template;

import dev.safeflow.model.template.Node.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a parsed template. Scoping follows Jinja2: a for loop's body is its own scope (so a
 * {@code set} inside it does not leak, which is why templates use {@code namespace()}); if-blocks are not.
 */
final class Interpreter {

    /** One scope; lookups walk up to the template's globals. */
    private static final class Frame {
        final Map<String, Object> vars = new HashMap<>();
        final Frame parent;

        Frame(Frame parent) {
            this.parent = parent;
        }

        Object lookup(String name) {
            for (Frame f = this; f != null; f = f.parent) {
                if (f.vars.containsKey(name)) {
                    return f.vars.get(name);
                }
            }
            return new Undefined("'" + name + "' is undefined");
        }
    }

    private static final class LoopSignal extends RuntimeException {
        final boolean isBreak;

        LoopSignal(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private Interpreter() {
    }

    static String render(List<Node> template, Map<String, Object> context) {
        Frame root = new Frame(null);
        root.vars.putAll(context);
        StringBuilder out = new StringBuilder();
        new Interpreter().body(template, root, out);
        return out.toString();
    }

    private void body(List<Node> nodes, Frame f, StringBuilder out) {
        for (Node n : nodes) {
            statement(n, f, out);
        }
    }

    private void statement(Node n, Frame f, StringBuilder out) {
        if (n instanceof Node.Text t) {
            out.append(t.text());
        } else if (n instanceof Node.Output o) {
            out.append(Py.str(eval(o.value(), f)));
        } else if (n instanceof Node.If s) {
            for (int i = 0; i < s.conditions().size(); i++) {
                if (Py.truthy(eval(s.conditions().get(i), f))) {
                    body(s.bodies().get(i), f, out);
                    return;
                }
            }
            body(s.otherwise(), f, out);
        } else if (n instanceof Node.For s) {
            forLoop(s, f, out);
        } else if (n instanceof Node.Set s) {
            assign(s, eval(s.value(), f), f);
        } else if (n instanceof Node.SetBlock s) {
            StringBuilder captured = new StringBuilder();
            body(s.body(), f, captured);
            f.vars.put(s.name(), captured.toString());
        } else if (n instanceof Node.Macro m) {
            f.vars.put(m.name(), macro(m, f));
        } else if (n instanceof Node.FilterBlock b) {
            Frame inner = new Frame(f);
            StringBuilder captured = new StringBuilder();
            body(b.body(), inner, captured);
            inner.vars.put(Node.FilterBlock.BODY, captured.toString());
            out.append(Py.str(eval(b.chain(), inner)));
        } else if (n instanceof Node.With w) {
            Frame inner = new Frame(f);
            for (int i = 0; i < w.names().size(); i++) {
                inner.vars.put(w.names().get(i), eval(w.values().get(i), f));
            }
            body(w.body(), inner, out);
        } else {
            throw new LoopSignal(((Node.LoopControl) n).isBreak());
        }
    }

    private void forLoop(Node.For s, Frame f, StringBuilder out) {
        List<Object> items = new ArrayList<>();
        for (Object item : Py.iterate(eval(s.iterable(), f))) {
            if (s.filter() == null || Py.truthy(eval(s.filter(), bind(s.targets(), item, new Frame(f))))) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            body(s.otherwise(), f, out);
            return;
        }
        Loop loop = new Loop(items);
        for (int i = 0; i < items.size(); i++) {
            loop.index0 = i;
            Frame inner = bind(s.targets(), items.get(i), new Frame(f));
            inner.vars.put("loop", loop);
            try {
                body(s.body(), inner, out);
            } catch (LoopSignal signal) {
                if (signal.isBreak) {
                    return;
                }
            }
        }
    }

    private static Frame bind(List<String> targets, Object item, Frame frame) {
        if (targets.size() == 1) {
            frame.vars.put(targets.get(0), item);
            return frame;
        }
        List<Object> parts = Py.iterate(item);
        if (parts.size() != targets.size()) {
            throw new TemplateException("cannot unpack " + parts.size() + " values into " + targets);
        }
        for (int i = 0; i < targets.size(); i++) {
            frame.vars.put(targets.get(i), parts.get(i));
        }
        return frame;
    }

    private void assign(Node.Set s, Object value, Frame f) {
        if (s.attribute() != null) {
            if (!(f.lookup(s.names().get(0)) instanceof Namespace ns)) {
                throw new TemplateException("cannot assign attribute on non-namespace object '" + s.names().get(0) + "'");
            }
            ns.attributes.put(s.attribute(), value);
        } else {
            bind(s.names(), value, f);
        }
    }

    private PyFunction macro(Node.Macro m, Frame definedIn) {
        return (args, kwargs) -> {
            Frame frame = new Frame(definedIn);
            for (int i = 0; i < m.params().size(); i++) {
                String p = m.params().get(i);
                Object v = i < args.size() ? args.get(i) : kwargs.containsKey(p) ? kwargs.get(p)
                        : m.defaults().containsKey(p) ? eval(m.defaults().get(p), frame)
                        : new Undefined("macro " + m.name() + " got no value for '" + p + "'");
                frame.vars.put(p, v);
            }
            StringBuilder out = new StringBuilder();
            body(m.body(), frame, out);
            return out.toString();
        };
    }

    private Object eval(Expr e, Frame f) {
        if (e instanceof Node.Literal l) {
            return l.value();
        } else if (e instanceof Node.Name n) {
            return f.lookup(n.name());
        } else if (e instanceof Node.ListExpr l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(x -> out.add(eval(x, f)));
            return l.tuple() ? new Tuple(out) : out;
        } else if (e instanceof Node.DictExpr d) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                out.put(eval(d.keys().get(i), f), eval(d.values().get(i), f));
            }
            return out;
        } else if (e instanceof Node.Attr a) {
            return at(a.line(), () -> Access.attribute(eval(a.target(), f), a.name()));
        } else if (e instanceof Node.Item i) {
            return at(i.line(), () -> Access.item(eval(i.target(), f), eval(i.key(), f)));
        } else if (e instanceof Node.Slice s) {
            return Access.slice(eval(s.target(), f), optional(s.start(), f), optional(s.stop(), f),
                    optional(s.step(), f));
        } else if (e instanceof Node.Call c) {
            return call(c, f);
        } else if (e instanceof Node.Filter fl) {
            List<Object> args = new ArrayList<>();
            fl.args().forEach(x -> args.add(eval(x, f)));
            return at(fl.line(), () -> Filters.apply(fl.name(), eval(fl.value(), f), args, kwargs(fl.kwargs(), f)));
        } else if (e instanceof Node.Test t) {
            List<Object> args = new ArrayList<>();
            t.args().forEach(x -> args.add(eval(x, f)));
            return at(t.line(), () -> Filters.test(t.name(), eval(t.value(), f), args) != t.negated());
        } else if (e instanceof Node.Binary b) {
            return binary(b, f);
        } else if (e instanceof Node.Unary u) {
            return at(u.line(), () -> unary(u, eval(u.operand(), f)));
        } else if (e instanceof Node.Compare c) {
            return at(c.line(), () -> compare(c, f));
        }
        Node.Conditional c = (Node.Conditional) e;
        return Py.truthy(eval(c.test(), f)) ? eval(c.then(), f) : eval(c.otherwise(), f);
    }

    /** Runs {@code body}, prefixing a failure's message with the template line once. */
    private static Object at(int line, java.util.function.Supplier<Object> body) {
        try {
            return body.get();
        } catch (TemplateException.Raised raised) {
            throw raised;
        } catch (TemplateException ex) {
            if (ex.getMessage().startsWith("line ")) {
                throw ex;
            }
            throw new TemplateException("line " + line + ": " + ex.getMessage());
        } catch (ClassCastException | IndexOutOfBoundsException ex) {
            throw new TemplateException("line " + line + ": wrong argument type or count (" + ex.getMessage() + ")");
        }
    }

    private Object optional(Expr e, Frame f) {
        return e == null ? null : eval(e, f);
    }

    private Map<String, Object> kwargs(Map<String, Expr> exprs, Frame f) {
        Map<String, Object> out = new LinkedHashMap<>();
        exprs.forEach((k, v) -> out.put(k, eval(v, f)));
        return out;
    }

    private Object call(Node.Call c, Frame f) {
        Object fn = eval(c.fn(), f);
        if (fn instanceof Undefined u) {
            throw new TemplateException("line " + c.line() + ": " + u.hint() + " (called as a function)");
        }
        if (!(fn instanceof PyFunction callable)) {
            throw new TemplateException("line " + c.line() + ": '" + Py.typeName(fn) + "' object is not callable");
        }
        List<Object> args = new ArrayList<>();
        c.args().forEach(x -> args.add(eval(x, f)));
        Map<String, Object> kw = kwargs(c.kwargs(), f);
        return at(c.line(), () -> callable.call(args, kw));
    }

    private Object binary(Node.Binary b, Frame f) {
        Object left = eval(b.left(), f);
        return switch (b.op()) {
            case "and" -> Py.truthy(left) ? eval(b.right(), f) : left;
            case "or" -> Py.truthy(left) ? left : eval(b.right(), f);
            case "~" -> Py.str(left) + Py.str(eval(b.right(), f));
            default -> at(b.line(), () -> Operators.arithmetic(b.op(), left, eval(b.right(), f)));
        };
    }

    private static Object unary(Node.Unary u, Object v) {
        return switch (u.op()) {
            case "not" -> !Py.truthy(v);
            case "-" -> Operators.arithmetic("-", 0L, v);
            default -> Operators.arithmetic("+", 0L, v);
        };
    }

    private Object compare(Node.Compare c, Frame f) {
        Object left = eval(c.first(), f);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.rest().get(i), f);
            boolean ok = switch (c.ops().get(i)) {
                case "==" -> Py.equal(left, right);
                case "!=" -> !Py.equal(left, right);
                case "in" -> Py.contains(right, left);
                case "not in" -> !Py.contains(right, left);
                case "<" -> Py.compare(left, right) < 0;
                case ">" -> Py.compare(left, right) > 0;
                case "<=" -> Py.compare(left, right) <= 0;
                default -> Py.compare(left, right) >= 0;
            };
            if (!ok) {
                return false;
            }
            left = right;
        }
        return true;
    }
}
