package dev.dropscope.grafana.model;

import java.util.Set;

/** Grafana unit ids ({@code fieldConfig.defaults.unit}) the dashboards use. */
public final class Unit {
  /** A ratio 0..1 shown as a percentage. */
  public static final String RATIO = "percentunit";

  public static final String BYTES = "bytes";
  public static final String BYTES_PER_SECOND = "Bps";
  public static final String SECONDS = "s";
  public static final String USD = "currencyUSD";

  /** Events per second. */
  public static final String PER_SECOND = "ops";

  /** Events per minute; the query multiplies a per-second rate by 60. */
  public static final String PER_MINUTE = "opm";

  public static final String PACKETS_PER_SECOND = "pps";

  /** A plain number, scaled with SI suffixes (1.2 K). */
  public static final String COUNT = "short";

  /** A number shown as it is, or a state shown through value mappings. */
  public static final String NONE = "none";

  /** Every unit id Grafana 11 knows that a dashboard here may use; the lint rejects others. */
  public static final Set<String> KNOWN =
      Set.of(
          RATIO,
          "percent",
          BYTES,
          "decbytes",
          BYTES_PER_SECOND,
          "binBps",
          SECONDS,
          "ms",
          "dtdurations",
          USD,
          PER_SECOND,
          PER_MINUTE,
          "reqps",
          "cps",
          "cpm",
          PACKETS_PER_SECOND,
          COUNT,
          NONE,
          "string",
          "dateTimeAsIso",
          "dateTimeFromNow");

  private Unit() {}
}
