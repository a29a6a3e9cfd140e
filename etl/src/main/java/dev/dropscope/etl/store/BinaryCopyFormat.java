package dev.dropscope.etl.store;

/**
 * The constants of PostgreSQL's binary COPY format ({@code COPY … FROM STDIN (FORMAT binary)}),
 * shared by the loaders that write it.
 */
public final class BinaryCopyFormat {
  /**
   * 2000-01-01T00:00:00Z, where PostgreSQL's timestamps count microseconds from, in Unix seconds.
   */
  public static final long PG_EPOCH_SECONDS = 946_684_800L;

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

  private BinaryCopyFormat() {}

  /** The file header every binary COPY stream starts with (a fresh copy). */
  public static byte[] header() {
    return HEADER.clone();
  }
}
