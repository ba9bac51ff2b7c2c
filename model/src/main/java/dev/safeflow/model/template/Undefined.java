package dev.safeflow.model.template;

/**
 * Jinja2's default {@code Undefined}: renders as empty, is falsy, iterates as empty, and fails when
 * used further (attribute, item, call, arithmetic); {@code hint} says what was missing.
 */
record Undefined(String hint) {

    TemplateException fail() {
        return new TemplateException(hint);
    }

    @Override
    public String toString() {
        return "";
    }
}
