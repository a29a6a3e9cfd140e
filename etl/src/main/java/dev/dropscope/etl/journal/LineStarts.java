package dev.dropscope.etl.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where lines start in a segment. A chunk's records are consecutive whole lines from the offset it
 * was read at, so record {@code i} of a chunk starts after {@code i} newlines from there.
 */
final class LineStarts {
  private static final int BUFFER = 64 << 10;

  private LineStarts() {}

  /** The offsets where the first {@code lines} lines from {@code from} start. */
  static long[] of(Path segment, long from, int lines) throws IOException {
    long[] starts = new long[lines];
    if (lines == 0) {
      return starts;
    }
    starts[0] = from;
    int[] found = {1};
    scan(
        segment,
        from,
        Long.MAX_VALUE,
        end -> {
          if (found[0] < lines) {
            starts[found[0]++] = end;
          }
          return found[0] < lines;
        });
    return starts;
  }

  /** How many lines end between {@code from} and {@code to}. */
  static int count(Path segment, long from, long to) throws IOException {
    int[] n = {0};
    scan(
        segment,
        from,
        to,
        end -> {
          n[0]++;
          return true;
        });
    return n[0];
  }

  /** Receives the offset just after each newline; returns whether to go on. */
  private interface NewlineVisitor {
    boolean after(long end);
  }

  private static void scan(Path segment, long from, long to, NewlineVisitor visitor)
      throws IOException {
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      long position = from;
      while (position < to) {
        buf.clear();
        int n = ch.read(buf, position);
        if (n < 0) {
          return;
        }
        int limit = (int) Math.min(n, to - position);
        for (int i = 0; i < limit; i++) {
          if (buf.get(i) == '\n' && !visitor.after(position + i + 1)) {
            return;
          }
        }
        position += n;
      }
    }
  }

  /** Whether {@code offset} is the start of a line: 0, or just after a newline. */
  static boolean startsLine(Path segment, long offset) throws IOException {
    if (offset == 0) {
      return true;
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      return ch.read(one, offset - 1) == 1 && one.get(0) == '\n';
    }
  }
}
