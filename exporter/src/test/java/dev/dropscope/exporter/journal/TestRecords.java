package dev.dropscope.exporter.journal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.config.JournalConfig;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Records, configurations and readings shared by the journal tests. */
final class TestRecords {
  static final Instant TS = Instant.parse("2026-11-22T13:00:00.123456Z");
  static final Instant INGESTED = Instant.parse("2026-11-22T13:00:01.000001Z");

  private TestRecords() {}

  /** A claim event numbered {@code n}: event id {@code evt-n}, data {@code {"seq":n,...}}. */
  static JournalRecord claim(int n) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("wallet", "0x00000000000000000000000000000000000000aa");
    data.put("seq", n);
    return JournalRecord.create("airdrops.claim", TS.plusMillis(n), INGESTED, "evt-" + n, data);
  }

  static List<JournalRecord> claims(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(TestRecords::claim).toList();
  }

  /** A journal in {@code dir} with small segments, fsync on. */
  static JournalConfig config(Path dir, long segmentBytes) {
    return new JournalConfig(dir, segmentBytes, null, null, true);
  }

  static JournalConfig config(Path dir, long segmentBytes, Duration retention, long maxBytes) {
    return new JournalConfig(dir, segmentBytes, retention, maxBytes, true);
  }

  /** Every record of every segment, in write order. */
  static List<JournalRecord> readAll(Path dir) throws IOException {
    List<JournalRecord> out = new ArrayList<>();
    for (Path segment : JournalReader.segments(dir)) {
      out.addAll(JournalReader.readSegment(segment, 0).records());
    }
    return out;
  }

  static List<String> ids(List<JournalRecord> records) {
    return records.stream().map(JournalRecord::id).toList();
  }

  /** The value of a counter or gauge without labels, or of the data point with the one label. */
  static double value(Journal journal, String name, String... label) {
    for (MetricSnapshot m : journal.metrics()) {
      if (!m.getMetadata().getName().equals(name)) {
        continue;
      }
      for (DataPointSnapshot p : m.getDataPoints()) {
        if (label.length == 0 || label[1].equals(p.getLabels().get(label[0]))) {
          return switch (p) {
            case CounterSnapshot.CounterDataPointSnapshot c -> c.getValue();
            case GaugeSnapshot.GaugeDataPointSnapshot g -> g.getValue();
            default -> throw new AssertionError(name + " is neither a counter nor a gauge");
          };
        }
      }
    }
    throw new AssertionError("no metric " + name + " in " + journal.metrics());
  }
}
