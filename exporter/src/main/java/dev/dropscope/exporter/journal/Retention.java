package dev.dropscope.exporter.journal;

import dev.dropscope.exporter.journal.Segments.SegmentFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which closed segments to delete: first those last modified longer ago than the retention, then,
 * oldest first, as many as it takes to bring the journal's total size under its cap. The active
 * segment is never deleted, even when it alone is over the cap.
 */
record Retention(Duration maxAge, long maxBytes) {

  enum Reason {
    AGE,
    SIZE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A segment to delete, and why. */
  record Deletion(SegmentFile segment, Reason reason) {}

  /**
   * @param segments every segment, oldest first
   * @param active the segment being written, or null
   */
  List<Deletion> plan(List<SegmentFile> segments, Path active, Instant now) {
    Instant cutoff = now.minus(maxAge);
    List<Deletion> out = new ArrayList<>();
    List<SegmentFile> kept = new ArrayList<>();
    long total = 0;
    for (SegmentFile s : segments) {
      if (!s.path().equals(active) && s.modified().isBefore(cutoff)) {
        out.add(new Deletion(s, Reason.AGE));
      } else {
        kept.add(s);
        total += s.size();
      }
    }
    for (SegmentFile s : kept) {
      if (total <= maxBytes) {
        break;
      }
      if (!s.path().equals(active)) {
        out.add(new Deletion(s, Reason.SIZE));
        total -= s.size();
      }
    }
    return out;
  }
}
