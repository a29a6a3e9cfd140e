package dev.dropscope.exporter.journal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The journal's timestamps, {@code 2026-11-22T13:00:00.123456Z}: RFC 3339, UTC, exactly six
 * fractional digits, for years 1 to 9999. Formatted and parsed by hand: {@link
 * java.time.format.DateTimeFormatter} costs more than the rest of a record.
 */
final class Timestamps {
  private static final int LENGTH = 27;

  private Timestamps() {}

  static String format(Instant t) {
    long seconds = t.getEpochSecond();
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
    int ofDay = Math.floorMod(seconds, 86_400);
    char[] out = new char[LENGTH];
    digits(out, 0, date.getYear(), 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, ofDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, ofDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, ofDay % 60, 2);
    out[19] = '.';
    digits(out, 20, t.getNano() / 1000, 6);
    out[26] = 'Z';
    return new String(out);
  }

  /**
   * Parses the journal's own form quickly and any other form {@link Instant#parse} takes.
   *
   * @throws DateTimeException when {@code text} is not a time
   */
  static Instant parse(String text) {
    if (text.length() != LENGTH
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(19) != '.'
        || text.charAt(26) != 'Z') {
      return Instant.parse(text);
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    int micros = number(text, 20, 6);
    if (year < 0 || month < 0 || day < 0 || micros < 0) {
      return Instant.parse(text); // not digits: let it say why
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      throw new DateTimeException("time of day out of range: " + text);
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay(); // checks the date
    return Instant.ofEpochSecond(
        epochDay * 86_400 + hour * 3600L + minute * 60L + second, micros * 1000L);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The decimal number in {@code text[at, at + width)}, or -1 when a character is no digit. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
