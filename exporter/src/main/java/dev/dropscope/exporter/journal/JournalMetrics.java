package dev.dropscope.exporter.journal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's own metrics:
 *
 * <pre>
 * dropscope_journal_records_total 120000
 * dropscope_journal_bytes_total 3.1e+07
 * dropscope_journal_appends_total 1200
 * dropscope_journal_fsyncs_total 310
 * dropscope_journal_write_failures_total 0
 * dropscope_journal_segments_deleted_total{reason="age"} 0
 * dropscope_journal_segments_deleted_total{reason="size"} 0
 * dropscope_journal_commit_duration_seconds_bucket{le="0.001"} 12
 * dropscope_journal_segments 2
 * dropscope_journal_size_bytes 3.1e+07
 * </pre>
 *
 * The counters are kept as the journal works; the two gauges are read from the directory.
 */
final class JournalMetrics {
  private static final Logger log = LoggerFactory.getLogger(JournalMetrics.class);

  final Counter records =
      Counter.builder()
          .name("dropscope_journal_records")
          .help("Records appended to the journal and made durable.")
          .withoutExemplars()
          .build();
  final Counter bytes =
      Counter.builder()
          .name("dropscope_journal_bytes")
          .help("Bytes appended to journal segments and made durable.")
          .withoutExemplars()
          .build();
  final Counter appends =
      Counter.builder()
          .name("dropscope_journal_appends")
          .help("Appends (batches of records) that succeeded.")
          .withoutExemplars()
          .build();
  final Counter fsyncs =
      Counter.builder()
          .name("dropscope_journal_fsyncs")
          .help("fsync calls on journal segments; group commit shares one among queued appends.")
          .withoutExemplars()
          .build();
  final Counter writeFailures =
      Counter.builder()
          .name("dropscope_journal_write_failures")
          .help(
              "Commits that failed with an I/O error (creating a segment, writing or fsync);"
                  + " their appends got an error.")
          .withoutExemplars()
          .build();
  final Counter deleted =
      Counter.builder()
          .name("dropscope_journal_segments_deleted")
          .help("Closed segments deleted by retention, by reason: age or size (max_bytes).")
          .labelNames("reason")
          .withoutExemplars()
          .build();
  final Histogram commitSeconds =
      Histogram.builder()
          .name("dropscope_journal_commit_duration_seconds")
          .help("Time one group commit took: writing its batches and the fsync.")
          .classicOnly()
          .classicUpperBounds(
              0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .withoutExemplars()
          .build();

  JournalMetrics() {
    for (Retention.Reason reason : Retention.Reason.values()) {
      deleted.labelValues(reason.label());
    }
  }

  List<MetricSnapshot> snapshots(Path dir) {
    List<MetricSnapshot> out = new ArrayList<>(10);
    out.add(records.collect());
    out.add(bytes.collect());
    out.add(appends.collect());
    out.add(fsyncs.collect());
    out.add(writeFailures.collect());
    out.add(deleted.collect());
    out.add(commitSeconds.collect());
    try {
      List<Segments.SegmentFile> segments = Segments.list(dir);
      long size = segments.stream().mapToLong(Segments.SegmentFile::size).sum();
      out.add(
          gauge("dropscope_journal_segments", "Segment files in the journal.", segments.size()));
      out.add(
          gauge(
              "dropscope_journal_size_bytes", "Total size of the journal's segment files.", size));
    } catch (IOException e) {
      log.warn("cannot list journal directory {}: {}", dir, e.toString());
    }
    return out;
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
