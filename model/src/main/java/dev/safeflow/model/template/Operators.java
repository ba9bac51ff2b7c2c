package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.List;

/** Python's arithmetic operators on the template value types. */
final class Operators {

    private Operators() {
    }

    static Object arithmetic(String op, Object a, Object b) {
        if (a instanceof Undefined u) {
            throw new TemplateException(u.hint() + " (left of '" + op + "')");
        }
        if (b instanceof Undefined u) {
            throw new TemplateException(u.hint() + " (right of '" + op + "')");
        }
        if (op.equals("%") && a instanceof String fmt) {
            return PyFormat.percent(fmt, b);
        }
        if (op.equals("+") && a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (op.equals("+") && a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        if (op.equals("*") && (a instanceof String || b instanceof String) && (Py.isNumber(a) || Py.isNumber(b))) {
            return (a instanceof String s ? s : (String) b).repeat((int) Math.max(0, Py.asLong(a instanceof String ? b : a)));
        }
        if (!Py.isNumber(a) || !Py.isNumber(b)) {
            throw new TemplateException("unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '"
                    + Py.typeName(b) + "'");
        }
        boolean integers = !(a instanceof Double) && !(b instanceof Double);
        if (integers && !op.equals("/")) {
            long x = Py.asLong(a);
            long y = Py.asLong(b);
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "//" -> Math.floorDiv(x, nonZero(y));
                case "%" -> Math.floorMod(x, nonZero(y));
                case "**" -> y >= 0 ? (Object) (long) Math.pow(x, y) : (Object) Math.pow(x, y);
                default -> throw new TemplateException("unknown operator " + op);
            };
        }
        double x = Py.asDouble(a);
        double y = Py.asDouble(b);
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / nonZero(y);
            case "//" -> Math.floor(x / nonZero(y));
            case "%" -> x - Math.floor(x / nonZero(y)) * y;
            case "**" -> Math.pow(x, y);
            default -> throw new TemplateException("unknown operator " + op);
        };
    }

    private static long nonZero(long y) {
        if (y == 0) {
            throw new TemplateException("integer division or modulo by zero");
        }
        return y;
    }

    private static double nonZero(double y) {
        if (y == 0) {
            throw new TemplateException("float division by zero");
        }
        return y;
    }
}
