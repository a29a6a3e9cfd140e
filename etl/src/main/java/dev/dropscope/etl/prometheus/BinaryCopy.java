package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.store.BinaryCopyFormat;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format, written through a fixed buffer into a {@link CopyIn}: no
 * text formatting, values bit-exact (NaN and ±Infinity included), memory bounded by the buffer.
 *
 * <pre>{@code
 * BinaryCopy rows = new BinaryCopy(copyIn, 256 * 1024);
 * rows.startRow(3).int8(seriesId).timestamptz(millis).float8(value);
 * rows.finish();
 * }</pre>
 */
final class BinaryCopy {

  private static final byte[] HEADER = BinaryCopyFormat.header();

  /** The most one field takes: a length and 8 bytes. */
  private static final int FIELD = 4 + 8;

  private final CopyIn copy;
  private final byte[] buffer;
  private int position;
  private long rows;

  BinaryCopy(CopyIn copy, int bufferBytes) {
    this.copy = copy;
    this.buffer = new byte[Math.max(bufferBytes, 1024)];
    System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
    this.position = HEADER.length;
  }

  /** Starts a row of {@code fields} fields, making room for all of them. */
  BinaryCopy startRow(int fields) throws SQLException {
    if (position + 2 + fields * FIELD > buffer.length) {
      flush();
    }
    putShort(fields);
    rows++;
    return this;
  }

  BinaryCopy int8(long v) {
    putInt(8);
    putLong(v);
    return this;
  }

  BinaryCopy int4(int v) {
    putInt(4);
    putInt(v);
    return this;
  }

  BinaryCopy float8(double v) {
    putInt(8);
    putLong(Double.doubleToRawLongBits(v));
    return this;
  }

  /** Milliseconds since the epoch as a {@code timestamptz}. */
  BinaryCopy timestamptz(long millis) {
    putInt(8);
    putLong((millis - BinaryCopyFormat.PG_EPOCH_SECONDS * 1000) * 1000);
    return this;
  }

  BinaryCopy nullValue() {
    putInt(-1);
    return this;
  }

  long rows() {
    return rows;
  }

  /** Writes the trailer and ends the COPY; returns the rows PostgreSQL took. */
  long finish() throws SQLException {
    if (position + 2 > buffer.length) {
      flush();
    }
    putShort(-1);
    flush();
    return copy.endCopy();
  }

  private void flush() throws SQLException {
    if (position > 0) {
      copy.writeToCopy(buffer, 0, position);
      position = 0;
    }
  }

  private void putShort(int v) {
    buffer[position++] = (byte) (v >>> 8);
    buffer[position++] = (byte) v;
  }

  private void putInt(int v) {
    buffer[position++] = (byte) (v >>> 24);
    buffer[position++] = (byte) (v >>> 16);
    buffer[position++] = (byte) (v >>> 8);
    buffer[position++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }
}
