package dev.safeflow.model.template;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jinja2 template rendered as transformers' {@code apply_chat_template} renders chat templates: an
 * immutable sandboxed environment with {@code trim_blocks} and {@code lstrip_blocks}, loop controls,
 * {@code raise_exception}, {@code strftime_now} and a {@code tojson} that keeps non-ASCII text.
 *
 * <p>Only the language chat templates use is implemented (no includes, blocks, recursive loops or
 * autoescape); anything else fails to parse with the line it is on, never renders differently in silence.
 */
public final class JinjaTemplate {

    private final List<Node> root;
    private final Clock clock;

    private JinjaTemplate(List<Node> root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** Parses {@code source}; throws {@link TemplateException} naming the line of a syntax error. */
    public static JinjaTemplate compile(String source) {
        return compile(source, Clock.systemDefaultZone());
    }

    /** As {@link #compile(String)}, with the clock {@code strftime_now} reads. */
    public static JinjaTemplate compile(String source, Clock clock) {
        return new JinjaTemplate(Parser.parse(source), clock);
    }

    /**
     * Renders with {@code context} (host values: String, Number, Boolean, null, List, Map); throws
     * {@link TemplateException.Raised} when the template calls {@code raise_exception}.
     */
    public String render(Map<String, ?> context) {
        Map<String, Object> vars = new HashMap<>(globals());
        context.forEach((k, v) -> vars.put(k, Py.of(v)));
        return Interpreter.render(root, vars);
    }

    private Map<String, Object> globals() {
        Map<String, Object> g = new HashMap<>();
        g.put("raise_exception", (PyFunction) (a, k) -> {
            throw new TemplateException.Raised(a.isEmpty() ? "" : Py.str(a.get(0)));
        });
        g.put("strftime_now", (PyFunction) (a, k) -> Strftime.format(Py.str(a.get(0)), ZonedDateTime.now(clock)));
        g.put("namespace", (PyFunction) (a, k) -> {
            Namespace ns = new Namespace();
            for (Object init : a) {
                ((Map<?, ?>) init).forEach((key, v) -> ns.attributes.put(Py.str(key), v));
            }
            ns.attributes.putAll(k);
            return ns;
        });
        g.put("dict", (PyFunction) (a, k) -> {
            Map<Object, Object> d = new LinkedHashMap<>();
            a.forEach(init -> d.putAll((Map<?, ?>) init));
            d.putAll(k);
            return d;
        });
        g.put("range", (PyFunction) (a, k) -> {
            long start = a.size() > 1 ? Py.asLong(a.get(0)) : 0;
            long stop = Py.asLong(a.get(a.size() > 1 ? 1 : 0));
            long step = a.size() > 2 ? Py.asLong(a.get(2)) : 1;
            List<Object> out = new ArrayList<>();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
                out.add(i);
            }
            return out;
        });
        return g;
    }
}
