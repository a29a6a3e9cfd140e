package dev.dropscope.etl.prometheus;

import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Rows of {@code (series_id bigint, ts timestamptz, value double precision)} in PostgreSQL's binary
 * COPY format, written through a fixed buffer into a {@link CopyIn}: no text formatting, values
 * bit-exact (NaN and ±Infinity included), memory bounded by the buffer.
 */
final class SampleCopy {
  /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
  private static final long PG_EPOCH_MILLIS = 946_684_800_000L;

  private static final byte[] HEADER = {
    'P',
    'G',
    'C',
    'O',
    'P',
    'Y',
    '\n',
    (byte) 0xff,
    '\r',
    '\n',
    0, // signature
    0,
    0,
    0,
    0, // flags
    0,
    0,
    0,
    0 // header extension length
  };

  private static final int ROW = 2 + 3 * (4 + 8);

  private final CopyIn copy;
  private final byte[] buffer;
  private int position;
  private long rows;

  SampleCopy(CopyIn copy, int bufferBytes) {
    this.copy = copy;
    this.buffer = new byte[Math.max(bufferBytes, 1024)];
    System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
    this.position = HEADER.length;
  }

  void row(long seriesId, long timestampMillis, double value) throws SQLException {
    if (position + ROW > buffer.length) {
      flush();
    }
    putShort(3);
    putInt(8);
    putLong(seriesId);
    putInt(8);
    putLong((timestampMillis - PG_EPOCH_MILLIS) * 1000);
    putInt(8);
    putLong(Double.doubleToRawLongBits(value));
    rows++;
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
