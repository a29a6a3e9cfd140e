package dev.dropscope.exporter.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads a file as {@code \n}-terminated lines from a byte offset; a last unterminated piece is not
 * a line.
 */
final class LineScanner {
  private static final int CHUNK = 64 << 10;

  private LineScanner() {}

  /** Receives each complete line, without its {@code \n}. */
  @FunctionalInterface
  interface Visitor {
    /**
     * @param start offset of the line's first byte
     * @param end offset just after its {@code \n}
     * @return whether to go on
     */
    boolean line(byte[] buf, int len, long start, long end) throws IOException;
  }

  static void scan(FileChannel channel, long from, Visitor visitor) throws IOException {
    byte[] chunk = new byte[CHUNK];
    ByteBuffer chunkBuffer = ByteBuffer.wrap(chunk);
    byte[] line = new byte[1024];
    int lineLen = 0;
    long lineStart = from;
    long position = from;
    while (true) {
      chunkBuffer.clear();
      int n = channel.read(chunkBuffer, position);
      if (n < 0) {
        return;
      }
      int runStart = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] != '\n') {
          continue;
        }
        int run = i - runStart;
        line = fit(line, lineLen + run);
        System.arraycopy(chunk, runStart, line, lineLen, run);
        lineLen += run;
        long end = position + i + 1;
        if (!visitor.line(line, lineLen, lineStart, end)) {
          return;
        }
        lineLen = 0;
        lineStart = end;
        runStart = i + 1;
      }
      int rest = n - runStart;
      line = fit(line, lineLen + rest);
      System.arraycopy(chunk, runStart, line, lineLen, rest);
      lineLen += rest;
      position += n;
    }
  }

  private static byte[] fit(byte[] buf, int size) {
    return size <= buf.length ? buf : Arrays.copyOf(buf, Math.max(size, buf.length * 2));
  }
}
