package dev.dropscope.rules.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats numbers exactly as Go's {@code fmt} and Prometheus's template functions do, so that
 * annotations rendered here for the generated promtool tests match what Prometheus renders: {@code
 * %v}, {@code %.4g}, {@code %.Nf}, {@code humanize}, {@code humanize1024}, {@code
 * humanizePercentage} and {@code humanizeDuration}.
 */
public final class GoFormat {
  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  private GoFormat() {}

  /**
   * Go's {@code %v} of a float64: shortest representation, exponent form from 1e+06 and below
   * 1e-04.
   */
  public static String v(double x) {
    return g(x, -1);
  }

  /** Go's {@code %.Ng}; {@code precision} -1 is the shortest representation ({@code %v}). */
  public static String g(double x, int precision) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "+Inf" : "-Inf";
    }
    if (x == 0) {
      return (1 / x < 0) ? "-0" : "0";
    }
    boolean neg = x < 0;
    BigDecimal abs = precision < 0 ? new BigDecimal(Double.toString(Math.abs(x))) : null;
    if (abs == null) {
      abs =
          new BigDecimal(Math.abs(x))
              .round(new MathContext(precision == 0 ? 1 : precision, RoundingMode.HALF_EVEN));
    }
    abs = abs.stripTrailingZeros();
    String digits = abs.unscaledValue().toString();
    int nd = digits.length();
    int dp = nd - abs.scale(); // position of the decimal point relative to the digits
    boolean shortest = precision < 0;
    int prec = shortest ? nd : (precision == 0 ? 1 : precision);
    int eprec = prec;
    if (eprec > nd && nd >= dp) {
      eprec = nd;
    }
    if (shortest) {
      eprec = 6;
    }
    int exp = dp - 1;
    StringBuilder out = new StringBuilder(neg ? "-" : "");
    if (exp < -4 || exp >= eprec) {
      int p = Math.min(prec, nd);
      out.append(digits.charAt(0));
      if (p > 1) {
        out.append('.').append(digits, 1, p);
      }
      out.append('e').append(exp < 0 ? '-' : '+');
      int e = Math.abs(exp);
      if (e < 10) {
        out.append('0');
      }
      out.append(e);
      return out.toString();
    }
    if (prec > dp) {
      prec = nd;
    }
    int decimals = Math.max(prec - dp, 0);
    // %f with `decimals` digits after the point, from the digit string
    if (dp <= 0) {
      out.append("0");
    } else {
      for (int i = 0; i < dp; i++) {
        out.append(i < nd ? digits.charAt(i) : '0');
      }
    }
    if (decimals > 0) {
      out.append('.');
      for (int i = 0; i < decimals; i++) {
        int idx = dp + i;
        out.append(idx >= 0 && idx < nd ? digits.charAt(idx) : '0');
      }
    }
    return out.toString();
  }

  /** Go's {@code %.Nf}: correctly rounded, ties to even. */
  public static String f(double x, int decimals) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Prometheus's {@code humanize}: SI prefixes, 4 significant digits ({@code 1.235k}). */
  public static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g(v, 4);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return g(v, 4) + prefix;
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g(v, 4) + prefix;
  }

  /** Prometheus's {@code humanize1024}: binary prefixes ({@code 1.5Gi}). */
  public static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g(v, 4);
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g(v, 4) + prefix;
  }

  /** Prometheus's {@code humanizePercentage}: 0.953 gives {@code 95.3%}. */
  public static String humanizePercentage(double v) {
    return g(v * 100, 4) + "%";
  }

  /** Prometheus's {@code humanizeDuration}: seconds as {@code 1d 2h 3m 4s}. */
  public static String humanizeDuration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g(v, 4);
    }
    if (v == 0) {
      return g(v, 4) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = "";
      if (v < 0) {
        sign = "-";
        v = -v;
      }
      long duration = (long) v;
      long seconds = duration % 60;
      long minutes = (duration / 60) % 60;
      long hours = (duration / 60 / 60) % 24;
      long days = duration / 60 / 60 / 24;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + g(v, 4) + "s";
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g(v, 4) + prefix + "s";
  }
}
