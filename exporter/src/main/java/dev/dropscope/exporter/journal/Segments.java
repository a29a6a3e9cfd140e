package dev.dropscope.exporter.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Segment files: {@code segment-<12-digit sequence>-<UTC yyyyMMdd'T'HHmmss'Z'>.ndjson}. Every new
 * segment takes a higher sequence (a failed creation leaves a gap), so names sort in write order
 * whatever the clock does; the time is when the segment was started, for people. Other files are
 * not segments.
 */
final class Segments {
  private static final Pattern NAME =
      Pattern.compile("segment-(\\d{12})-(\\d{8}T\\d{6}Z)\\.ndjson");
  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Segments() {}

  /** A segment file as listed: its sequence number, size and last-modified time. */
  record SegmentFile(Path path, long sequence, long size, Instant modified) {}

  static String name(long sequence, Instant started) {
    return String.format("segment-%012d-%s.ndjson", sequence, STARTED.format(started));
  }

  /** The segment's sequence number, or -1 when the name is not a segment's. */
  static long sequence(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * The segments in {@code dir}, oldest first; none when {@code dir} does not exist. A segment
   * deleted while listing is left out.
   */
  static List<SegmentFile> list(Path dir) throws IOException {
    List<SegmentFile> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "segment-*.ndjson")) {
      for (Path path : entries) {
        long sequence = sequence(path);
        if (sequence < 0) {
          continue;
        }
        try {
          BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
          if (attrs.isRegularFile()) {
            out.add(
                new SegmentFile(
                    path, sequence, attrs.size(), attrs.lastModifiedTime().toInstant()));
          }
        } catch (NoSuchFileException gone) {
          // deleted by retention meanwhile
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    out.sort(Comparator.comparingLong(SegmentFile::sequence));
    return out;
  }

  /**
   * Creates a new, empty segment and makes its directory entry durable (fsync of the directory), so
   * records acknowledged in it cannot vanish with the file's name after a crash.
   */
  static FileChannel create(Path segment, boolean fsync) throws IOException {
    FileChannel channel =
        FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (fsync) {
      try {
        syncDirectory(segment.toAbsolutePath().getParent());
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }
    return channel;
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
