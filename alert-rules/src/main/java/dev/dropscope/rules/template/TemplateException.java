package dev.dropscope.rules.template;

/** An annotation template outside the supported subset, or malformed; the message says why. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TemplateException(String message) {
    super(message);
  }
}
