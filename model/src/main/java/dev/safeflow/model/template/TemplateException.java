package dev.safeflow.model.template;

/** A template that cannot be parsed or rendered; the message names the line and the construct. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    /** Raised by the template itself through {@code raise_exception(message)}. */
    public static final class Raised extends TemplateException {
        public Raised(String message) {
            super(message);
        }
    }
}
