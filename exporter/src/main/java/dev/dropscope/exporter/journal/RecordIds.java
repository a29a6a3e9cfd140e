package dev.dropscope.exporter.journal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUIDv7 record ids (RFC 9562): 48 bits of Unix milliseconds, then the 12-bit {@code rand_a} used
 * as a counter within the millisecond (RFC 9562 §6.2, method 1), then 62 random bits. Ids made by
 * one process are strictly increasing, and so is their text; past 4096 ids in one millisecond the
 * timestamp part runs a little ahead of the clock rather than repeat.
 */
final class RecordIds {
  private static final long VERSION_7 = 0x7L << 12;
  private static final long VARIANT = 0x8000_0000_0000_0000L;
  private static final long RAND_B = 0x3FFF_FFFF_FFFF_FFFFL;

  /** Mixed into the random bits so two processes never share a random sequence. */
  private static final long SALT = new SecureRandom().nextLong();

  /** (milliseconds << 12) | counter of the last id handed out. */
  private static final AtomicLong last = new AtomicLong();

  /** Length of an id's text. */
  static final int TEXT_LENGTH = 36;

  private RecordIds() {}

  /** Writes the next id's 36 ASCII characters into {@code dst} at {@code off}; returns the id. */
  static String writeNext(byte[] dst, int off) {
    String id = next();
    for (int i = 0; i < TEXT_LENGTH; i++) {
      dst[off + i] = (byte) id.charAt(i);
    }
    return id;
  }

  static String next() {
    long now = System.currentTimeMillis() << 12;
    long stamp = last.updateAndGet(prev -> Math.max(prev + 1, now));
    long msb = ((stamp >>> 12) << 16) | VERSION_7 | (stamp & 0xFFF);
    long lsb = ((ThreadLocalRandom.current().nextLong() ^ SALT) & RAND_B) | VARIANT;
    return new UUID(msb, lsb).toString();
  }
}
