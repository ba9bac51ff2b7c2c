package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A Python tuple: a list that prints in parentheses ({@code dict.items()} pairs, {@code (a, b)} literals). */
class Tuple extends ArrayList<Object> {

    Tuple(Collection<?> items) {
        super(items);
    }

    /** One group of the {@code groupby} filter: a (grouper, list) pair whose parts are also attributes, as in Jinja2. */
    static final class Group extends Tuple {
        Group(Object grouper, List<Object> items) {
            super(java.util.Arrays.asList(grouper, items));
        }

        Object attribute(String name) {
            return switch (name) {
                case "grouper" -> get(0);
                case "list" -> get(1);
                default -> null;
            };
        }
    }
}
