package dev.safeflow.model.template;

import java.util.List;
import java.util.Map;

/** A callable a template can reach: a global, a bound method, a macro. */
@FunctionalInterface
interface PyFunction {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
