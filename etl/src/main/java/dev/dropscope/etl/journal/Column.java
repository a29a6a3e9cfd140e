package dev.dropscope.etl.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.jooq.Field;

/**
 * A typed table's column filled from the data field of the same name.
 *
 * @param name the column's and the field's name
 * @param kind what the column holds
 * @param required whether the column is NOT NULL: a record without the field does not fit
 */
record Column(String name, Kind kind, boolean required) {

  /** What a column holds, and which JSON values fit it. */
  enum Kind {
    /** {@code text}: a JSON string. */
    TEXT,
    /** {@code numeric}: a JSON number, kept exactly as the journal wrote it. */
    NUMERIC,
    /** {@code bigint}: a JSON number without a fractional part, within 64 bits. */
    BIGINT,
    /** {@code double precision}: a finite JSON number. */
    DOUBLE
  }

  /** A value that does not fit its column; the message says what was expected and found. */
  static final class Misfit extends Exception {
    private static final long serialVersionUID = 1L;

    Misfit(String message) {
      super(message, null, false, false);
    }
  }

  /** The column for a jOOQ field of a generated table, by its Java type. */
  static Column of(Field<?> field) {
    Class<?> type = field.getType();
    Kind kind;
    if (type == String.class) {
      kind = Kind.TEXT;
    } else if (type == BigDecimal.class) {
      kind = Kind.NUMERIC;
    } else if (type == Long.class) {
      kind = Kind.BIGINT;
    } else if (type == Double.class) {
      kind = Kind.DOUBLE;
    } else {
      throw new IllegalArgumentException(
          "column " + field.getName() + ": no mapping from JSON for " + type.getName());
    }
    return new Column(field.getName(), kind, !field.getDataType().nullable());
  }

  /**
   * Writes {@code value} (null when the field is absent) as this column into {@code out}.
   *
   * @param where the field's path, for the message: {@code amount}, {@code positions[1].token}
   * @throws Misfit when the value does not fit; {@code out} may hold part of the row then
   */
  void write(JsonNode value, CopyBuffer out, String where) throws Misfit {
    if (value == null || value.isNull()) {
      if (required) {
        throw new Misfit(where + ": missing, and column " + name + " requires a value");
      }
      out.nul();
      return;
    }
    switch (kind) {
      case TEXT -> {
        if (!value.isTextual()) {
          throw misfit(where, "a string", value);
        }
        out.text(value.textValue(), "data." + where);
      }
      case NUMERIC -> out.numeric(numeric(value, where));
      case BIGINT -> {
        BigDecimal d = numeric(value, where);
        try {
          out.int8(d.longValueExact());
        } catch (ArithmeticException e) {
          throw misfit(where, "an integer within 64 bits", value);
        }
      }
      case DOUBLE -> {
        double d = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!Double.isFinite(d)) {
          throw misfit(where, "a number within double precision's range", value);
        }
        out.float8(d);
      }
    }
  }

  /** The value as an exact decimal, when it is a number {@code numeric} can hold. */
  static BigDecimal numeric(JsonNode value, String where) throws Misfit {
    if (!value.isNumber()) {
      throw misfit(where, "a number", value);
    }
    BigDecimal d = value.decimalValue();
    if (!CopyBuffer.fitsNumeric(d)) {
      throw misfit(where, "a number within PostgreSQL's numeric range", value);
    }
    return d;
  }

  static Misfit misfit(String where, String expected, JsonNode found) {
    String text = found.toString();
    if (text.length() > 80) {
      text = text.substring(0, 77) + "...";
    }
    return new Misfit(where + ": expected " + expected + ", found " + text);
  }
}
