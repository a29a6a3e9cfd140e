package dev.dropscope.etl.prometheus;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The number forms of the Prometheus HTTP API: timestamps are JSON numbers of seconds with up to
 * millisecond precision ({@code 1767225600.123}), values are strings ({@code "1.5"}, {@code "NaN"},
 * {@code "+Inf"}, {@code "-Inf"}). Timestamps are read as decimal text, never through a double, so
 * every millisecond comes out exactly.
 */
final class PromValues {
  private PromValues() {}

  /**
   * Seconds as decimal text to milliseconds, exactly (more than three decimals round half-even).
   */
  static long millis(char[] text, int offset, int length) throws IOException {
    int i = offset;
    int end = offset + length;
    boolean negative = i < end && text[i] == '-';
    if (negative) {
      i++;
    }
    long seconds = 0;
    int digits = 0;
    while (i < end && text[i] >= '0' && text[i] <= '9') {
      seconds = seconds * 10 + (text[i++] - '0');
      digits++;
    }
    long fraction = 0;
    int fractionDigits = 0;
    if (i < end && text[i] == '.') {
      i++;
      while (i < end && text[i] >= '0' && text[i] <= '9' && fractionDigits < 3) {
        fraction = fraction * 10 + (text[i++] - '0');
        fractionDigits++;
      }
    }
    if (i < end || digits == 0 || digits > 15) { // exponent, more decimals, or odd: the slow path
      return slowMillis(new String(text, offset, length));
    }
    for (int d = fractionDigits; d < 3; d++) {
      fraction *= 10;
    }
    long ms = seconds * 1000 + fraction;
    return negative ? -ms : ms;
  }

  private static long slowMillis(String text) throws IOException {
    try {
      return new BigDecimal(text)
          .movePointRight(3)
          .setScale(0, RoundingMode.HALF_EVEN)
          .longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IOException("not a timestamp in seconds: '" + text + "'", e);
    }
  }

  /** A sample value: a decimal number, {@code NaN}, {@code +Inf} or {@code -Inf}. */
  static double value(char[] text, int offset, int length) throws IOException {
    if (length == 3 && text[offset] == 'N' && text[offset + 1] == 'a' && text[offset + 2] == 'N') {
      return Double.NaN;
    }
    if (length == 4
        && text[offset + 1] == 'I'
        && text[offset + 2] == 'n'
        && text[offset + 3] == 'f') {
      if (text[offset] == '+') {
        return Double.POSITIVE_INFINITY;
      }
      if (text[offset] == '-') {
        return Double.NEGATIVE_INFINITY;
      }
    }
    double fast = fastDecimal(text, offset, length);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    String s = new String(text, offset, length);
    try {
      return parseDecimal(s);
    } catch (NumberFormatException e) {
      throw new IOException("not a sample value: '" + s + "'", e);
    }
  }

  /** Exact powers of ten: every one up to 10^22 is a double. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  /**
   * The common case without a string: {@code [-]digits[.digits]} with at most 15 significant digits
   * and 22 decimals is {@code digits / 10^decimals}, one correctly rounded division of two exact
   * doubles (Clinger's fast path), so it equals {@link Double#parseDouble}. NaN for anything else,
   * which takes the slow path.
   */
  private static double fastDecimal(char[] text, int offset, int length) {
    int i = offset;
    int end = offset + length;
    boolean negative = i < end && text[i] == '-';
    if (negative) {
      i++;
    }
    long digits = 0;
    int significant = 0;
    int decimals = -1;
    boolean any = false;
    for (; i < end; i++) {
      char c = text[i];
      if (c >= '0' && c <= '9') {
        any = true;
        if (digits != 0 || c != '0') {
          if (++significant > 15) {
            return Double.NaN;
          }
        }
        digits = digits * 10 + (c - '0');
        if (decimals >= 0) {
          decimals++;
        }
      } else if (c == '.' && decimals < 0) {
        decimals = 0;
      } else {
        return Double.NaN; // an exponent, a sign inside, or not a number
      }
    }
    if (!any || decimals > 22) {
      return Double.NaN;
    }
    double v = decimals > 0 ? digits / POWERS_OF_TEN[decimals] : digits;
    return negative ? -v : v;
  }

  /** Java's parser accepts more than numbers ("Infinity", "0x1p3", "1d"); the API sends less. */
  private static double parseDecimal(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        throw new NumberFormatException("unexpected '" + c + "'");
      }
    }
    return Double.parseDouble(s);
  }

  /** Milliseconds as the API's {@code time}/{@code start}/{@code end} parameter: seconds. */
  static String seconds(long millis) {
    if (millis < 0) {
      return "-" + seconds(-millis);
    }
    long s = millis / 1000;
    long ms = millis % 1000;
    return ms == 0 ? Long.toString(s) : s + "." + String.format("%03d", ms);
  }

  /** A PromQL range or step in milliseconds: {@code 3600000ms}. */
  static String duration(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("a PromQL duration must be positive: " + millis + "ms");
    }
    return millis + "ms";
  }
}
