package io.jthanos.ruler.template;

/**
 * A template that does not parse or fails while executing; the message reads like Go's
 * {@code text/template}: {@code template: NAME:LINE: unclosed action}.
 */
public final class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message, null, false, false);
    }
}
