package dev.dropscope.rules.check;

/**
 * One thing wrong with a spec: the file, the path of the key inside it and what was expected and
 * found, e.g. {@code rules/host.yml: alerts[2].expr: expected ..., found ...}.
 */
public record Problem(String source, String message) {
  @Override
  public String toString() {
    return source + ": " + message;
  }
}
