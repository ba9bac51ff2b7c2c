package dev.safeflow.model.template;

import java.util.ArrayList;
import java.util.Collection;

/** A Python tuple: a list that prints in parentheses ({@code dict.items()} pairs, {@code (a, b)} literals). */
final class Tuple extends ArrayList<Object> {

    Tuple(Collection<?> items) {
        super(items);
    }
}
