package dev.dropscope.exporter.config;

/**
 * A configuration file that cannot be used. The message is one line: the path of the offending key,
 * what was expected, what was found, and the fix when there is one.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  /** A value rejected by a record's own validation; the loader prefixes the record's path. */
  public static ConfigException invalid(String key, String expected, Object found) {
    return new ConfigException(key + ": expected " + expected + ", found " + quote(found));
  }

  static String quote(Object found) {
    if (found == null) {
      return "nothing";
    }
    return found instanceof String s ? "'" + s + "'" : String.valueOf(found);
  }
}
