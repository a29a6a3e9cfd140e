package dev.dropscope.etl.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.etl.store.BinaryCopyFormat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows in PostgreSQL's binary COPY format ({@code COPY … FROM STDIN (FORMAT binary)}), which spares
 * the server parsing timestamps, numbers and UUIDs from text. Strings and JSON are written so that
 * PostgreSQL takes them whatever they hold: a NUL character or an unpaired surrogate (which {@code
 * text} and {@code jsonb} refuse) becomes U+FFFD, and a JSON number beyond {@code numeric}'s range
 * a string; each such change is noted in {@link #repairs()}.
 */
final class CopyBuffer {
  /** What {@code numeric} holds: digits before the point, after it. */
  static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;

  static final int NUMERIC_MAX_SCALE = 16_383;

  private static final byte[] HEADER = BinaryCopyFormat.header();

  private static final char REPLACEMENT = '\uFFFD';
  private static final int JSONB_VERSION = 1;

  /** A change made so that PostgreSQL takes a value: where, and what. */
  record Repair(String path, String what) {}

  private byte[] buf = new byte[1 << 16];
  private int size;
  private int rows;
  private final List<Repair> repairs = new ArrayList<>();
  private final Deque<Object> path = new ArrayDeque<>(); // keys and indexes within a JSON value

  CopyBuffer() {
    clear();
  }

  /** Where the buffer ends now; {@link #reset} goes back to it. */
  int mark() {
    return size;
  }

  /** Drops what was written after {@code mark}: a row that turned out not to fit. */
  void reset(int mark) {
    size = mark;
  }

  int rows() {
    return rows;
  }

  boolean isEmpty() {
    return rows == 0;
  }

  /** The changes made since the last call, which clears them. */
  List<Repair> repairs() {
    if (repairs.isEmpty()) {
      return List.of();
    }
    List<Repair> out = List.copyOf(repairs);
    repairs.clear();
    return out;
  }

  /** The COPY data: header, rows, trailer. */
  byte[] bytes() {
    byte[] out = Arrays.copyOf(buf, size + 2);
    out[size] = (byte) 0xff; // trailer: a field count of -1
    out[size + 1] = (byte) 0xff;
    return out;
  }

  void clear() {
    size = 0;
    rows = 0;
    repairs.clear();
    put(HEADER, 0, HEADER.length);
  }

  /** Starts a row of {@code fields} values; write exactly that many, then {@link #endRow()}. */
  void startRow(int fields) {
    int16(fields);
  }

  void endRow() {
    rows++;
  }

  void nul() {
    int32(-1);
  }

  /** A {@code uuid} from its canonical text (see {@link Uuids#isUuid}). */
  void uuid(String text) {
    int32(16);
    int nibbles = 0;
    int b = 0;
    for (int i = 0; i < text.length(); i++) {
      int d = Character.digit(text.charAt(i), 16);
      if (d < 0) {
        continue; // a dash
      }
      b = b << 4 | d;
      if (++nibbles % 2 == 0) {
        put((byte) b);
        b = 0;
      }
    }
  }

  /** A {@code timestamptz}: microseconds since 2000-01-01 UTC. */
  void timestamptz(Instant t) {
    int32(8);
    int64(
        (t.getEpochSecond() - BinaryCopyFormat.PG_EPOCH_SECONDS) * 1_000_000L
            + t.getNano() / 1_000);
  }

  void int4(int v) {
    int32(4);
    int32(v);
  }

  void int8(long v) {
    int32(8);
    int64(v);
  }

  void float8(double v) {
    int32(8);
    int64(Double.doubleToRawLongBits(v));
  }

  /**
   * A {@code numeric}, exactly: base-10000 digits, the weight of the first, the sign, and the
   * display scale (the decimal's scale, so {@code 12.50} stays {@code 12.50}). {@code d} must fit
   * ({@link #fitsNumeric}).
   */
  void numeric(BigDecimal d) {
    int dscale = Math.max(d.scale(), 0);
    BigInteger unscaled = d.unscaledValue().abs();
    int scale = d.scale();
    // align the point to a group of four digits: value = unscaled * 10^-scale, scale % 4 == 0
    if (scale < 0) {
      unscaled = unscaled.multiply(BigInteger.TEN.pow(-scale));
      scale = 0;
    } else if (scale % 4 != 0) {
      unscaled = unscaled.multiply(BigInteger.TEN.pow(4 - scale % 4));
      scale += 4 - scale % 4;
    }
    int start = beginVariable();
    if (unscaled.signum() == 0) {
      int16(0); // ndigits
      int16(0); // weight
      int16(0); // sign
      int16(dscale);
      endVariable(start);
      return;
    }
    short[] groups = base10000(unscaled);
    int first = 0; // most significant non-zero group
    while (groups[first] == 0) {
      first++;
    }
    int last = groups.length - 1; // least significant non-zero group
    while (groups[last] == 0) {
      last--;
    }
    int weight = groups.length - 1 - first - scale / 4;
    int16(last - first + 1);
    int16(weight);
    int16(d.signum() < 0 ? 0x4000 : 0);
    int16(dscale);
    for (int i = first; i <= last; i++) {
      int16(groups[i]);
    }
    endVariable(start);
  }

  /** The base-10000 digits of {@code v}, most significant first. */
  private static short[] base10000(BigInteger v) {
    if (v.bitLength() < 63) {
      long x = v.longValue();
      short[] tmp = new short[5];
      int n = 0;
      while (x > 0) {
        tmp[n++] = (short) (x % 10_000);
        x /= 10_000;
      }
      short[] out = new short[n];
      for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
      }
      return out;
    }
    String digits = v.toString();
    int n = (digits.length() + 3) / 4;
    short[] out = new short[n];
    int end = digits.length();
    for (int i = n - 1; i >= 0; i--) {
      int from = Math.max(0, end - 4);
      out[i] = (short) Integer.parseInt(digits, from, end, 10);
      end = from;
    }
    return out;
  }

  /** A {@code text} value, or NULL. {@code where} names it in repairs. */
  void text(String value, String where) {
    if (value == null) {
      nul();
      return;
    }
    int start = beginVariable();
    utf8(value, where, false);
    endVariable(start);
  }

  /** A {@code jsonb} value. {@code where} names it in repairs: {@code data}. */
  void json(JsonNode node, String where) {
    int start = beginJson(where);
    writeJson(node);
    endVariable(start);
  }

  /** The {@code jsonb} object of {@code object}'s fields whose names are not in {@code except}. */
  void jsonObjectExcept(JsonNode object, Set<String> except, String where) {
    int start = beginJson(where);
    put((byte) '{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (!except.contains(e.getKey())) {
        first = member(e, first);
      }
    }
    put((byte) '}');
    endVariable(start);
  }

  private int beginJson(String where) {
    path.clear();
    path.add(where);
    int start = beginVariable();
    put((byte) JSONB_VERSION);
    return start;
  }

  private void writeJson(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        put((byte) '{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          first = member(e, first);
        }
        put((byte) '}');
      }
      case ARRAY -> {
        put((byte) '[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            put((byte) ',');
          }
          path.addLast(i);
          writeJson(node.get(i));
          path.removeLast();
        }
        put((byte) ']');
      }
      case STRING -> jsonString(node.textValue());
      case NUMBER -> jsonNumber(node);
      case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
      default -> ascii("null"); // NULL, and node kinds JSON text cannot produce
    }
  }

  private boolean member(Map.Entry<String, JsonNode> e, boolean first) {
    if (!first) {
      put((byte) ',');
    }
    path.addLast(e.getKey());
    jsonString(e.getKey());
    put((byte) ':');
    writeJson(e.getValue());
    path.removeLast();
    return false;
  }

  private void jsonNumber(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      ascii(Long.toString(node.longValue()));
      return;
    }
    BigDecimal d = node.decimalValue();
    if (fitsNumeric(d)) {
      ascii(d.toString());
    } else {
      jsonString(d.toString());
      repairs.add(
          new Repair(
              pathText(),
              "a number beyond PostgreSQL's numeric range was stored as a string instead"));
    }
  }

  private void jsonString(String s) {
    put((byte) '"');
    utf8(s, null, true);
    put((byte) '"');
  }

  /**
   * {@code s} in UTF-8; with JSON's escapes when {@code json}. NUL and unpaired surrogates become
   * U+FFFD, noted as repairs of {@code where} (or, in JSON, of the current path).
   */
  private void utf8(String s, String where, boolean json) {
    ensure(s.length() * 6 + 16); // a JSON escape takes 6 bytes
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == 0) {
          replace(where, "a NUL character, which PostgreSQL cannot store, was replaced by U+FFFD");
        } else if (json && (c < 0x20 || c == '"' || c == '\\')) {
          jsonEscape(c);
        } else {
          buf[size++] = (byte) c;
        }
      } else if (c < 0x800) {
        buf[size++] = (byte) (0xc0 | c >> 6);
        buf[size++] = (byte) (0x80 | c & 0x3f);
      } else if (!Character.isSurrogate(c)) {
        put3(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[size++] = (byte) (0xf0 | cp >> 18);
        buf[size++] = (byte) (0x80 | cp >> 12 & 0x3f);
        buf[size++] = (byte) (0x80 | cp >> 6 & 0x3f);
        buf[size++] = (byte) (0x80 | cp & 0x3f);
      } else {
        replace(
            where,
            "an unpaired UTF-16 surrogate, which PostgreSQL cannot store, was replaced by U+FFFD");
      }
    }
  }

  private void replace(String where, String what) {
    put3(REPLACEMENT);
    repairs.add(new Repair(where != null ? where : pathText(), what));
  }

  private void put3(char c) {
    buf[size++] = (byte) (0xe0 | c >> 12);
    buf[size++] = (byte) (0x80 | c >> 6 & 0x3f);
    buf[size++] = (byte) (0x80 | c & 0x3f);
  }

  private void jsonEscape(char c) {
    buf[size++] = '\\';
    switch (c) {
      case '"' -> buf[size++] = '"';
      case '\\' -> buf[size++] = '\\';
      case '\n' -> buf[size++] = 'n';
      case '\r' -> buf[size++] = 'r';
      case '\t' -> buf[size++] = 't';
      case '\b' -> buf[size++] = 'b';
      case '\f' -> buf[size++] = 'f';
      default -> {
        buf[size++] = 'u';
        buf[size++] = '0';
        buf[size++] = '0';
        buf[size++] = (byte) Character.forDigit(c >> 4, 16);
        buf[size++] = (byte) Character.forDigit(c & 0xf, 16);
      }
    }
  }

  /** {@code data.positions[1].token}, from the path stack. */
  private String pathText() {
    StringBuilder p = new StringBuilder();
    for (Object part : path) {
      if (part instanceof Integer index) {
        p.append('[').append(index).append(']');
      } else {
        if (!p.isEmpty()) {
          p.append('.');
        }
        p.append(part);
      }
    }
    return p.toString();
  }

  /** Whether PostgreSQL's {@code numeric} (and so a {@code jsonb} number) can hold {@code d}. */
  static boolean fitsNumeric(BigDecimal d) {
    return d.scale() <= NUMERIC_MAX_SCALE
        && (long) d.precision() - d.scale() <= NUMERIC_MAX_INTEGER_DIGITS;
  }

  /** Reserves a variable-length value's length word; {@link #endVariable} fills it in. */
  private int beginVariable() {
    int at = size;
    int32(0);
    return at;
  }

  private void endVariable(int lengthAt) {
    int length = size - lengthAt - 4;
    buf[lengthAt] = (byte) (length >>> 24);
    buf[lengthAt + 1] = (byte) (length >>> 16);
    buf[lengthAt + 2] = (byte) (length >>> 8);
    buf[lengthAt + 3] = (byte) length;
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  private void int16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void int32(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void int64(long v) {
    int32((int) (v >>> 32));
    int32((int) v);
  }

  private void put(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  private void put(byte[] bytes, int from, int length) {
    ensure(length);
    System.arraycopy(bytes, from, buf, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
