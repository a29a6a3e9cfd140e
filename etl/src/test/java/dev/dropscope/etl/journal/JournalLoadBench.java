package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.run.Source;
import dev.dropscope.exporter.journal.JournalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load rate on a realistic mix of the five journaled types plus a user pack's, written by the
 * exporter's journal into 64 MiB segments and loaded into the embedded PostgreSQL (synchronous
 * commit on). Run with {@code -Ddropscope.bench=true -Dtest=JournalLoadBench}; {@code
 * -Dbench.records=N}, {@code -Dbench.batch=N} and {@code -Dbench.rounds=N} change the journal's
 * size, the chunk and the repetitions. Each round loads into empty tables, then reads everything
 * again with the watermarks forgotten (every record already present).
 */
@EnabledIfSystemProperty(named = "dropscope.bench", matches = "true")
class JournalLoadBench {

  @Test
  void load_rate(@TempDir Path dir) throws Exception {
    int records = Integer.getInteger("bench.records", 200_000);
    int batch = Integer.getInteger("bench.batch", 5_000);
    int rounds = Integer.getInteger("bench.rounds", 3);
    Path journal = dir.resolve("journal");
    List<List<JournalRecord>> batches = new ArrayList<>();
    for (int start = 0; start < records; start += 1_000) {
      List<JournalRecord> b = new ArrayList<>();
      for (int i = start; i < Math.min(records, start + 1_000); i++) {
        b.add(Journals.mixed(i));
      }
      batches.add(b);
    }
    Journals.appendNew(journal, 64L << 20, batches);
    long bytes = 0;
    for (Path s : Journals.segments(journal)) {
      bytes += Files.size(s);
    }

    System.out.printf(
        "journal: %d records, %.1f MB in %d segments%n",
        records, bytes / 1e6, Journals.segments(journal).size());

    try (TestDb pg = new TestDb(dir.resolve("pg"))) {
      for (int round = 1; round <= rounds; round++) {
        pg.empty();
        double[] cpu0 = cpu(dir.resolve("pg"));
        long t0 = System.nanoTime();
        Source.Progress p = pg.load(journal, batch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cpu1 = cpu(dir.resolve("pg"));
        assertThat(p.events()).isEqualTo(records);
        assertThat(pg.count(EVENTS)).isEqualTo(records);
        System.out.printf(
            "round %d: load %.2f s = %.0f records/s (batch %d); CPU per record: ETL %.1f us,"
                + " PostgreSQL %.1f us%n",
            round,
            seconds,
            records / seconds,
            batch,
            (cpu1[0] - cpu0[0]) / records * 1e6,
            (cpu1[1] - cpu0[1]) / records * 1e6);

        pg.dsl().deleteFrom(JOURNAL_SEGMENTS).execute(); // every record again, all present
        long t1 = System.nanoTime();
        Source.Progress again = pg.load(journal, batch);
        double reload = (System.nanoTime() - t1) / 1e9;
        assertThat(again.events()).isZero();
        System.out.printf(
            "round %d: reload of loaded records %.2f s = %.0f records/s%n",
            round, reload, records / reload);
      }
    }
  }

  /**
   * CPU seconds used so far by this JVM and by the embedded PostgreSQL's processes (Linux {@code
   * /proc}; exited backends are not counted, so measure over one connection's life at most).
   */
  private static double[] cpu(Path dataDir) throws Exception {
    double jvm =
        ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    long postmaster =
        Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
    double pg = 0;
    List<Long> pids = new ArrayList<>(List.of(postmaster));
    ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        pg += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in ticks
      } catch (java.io.IOException gone) {
        // exited meanwhile
      }
    }
    return new double[] {jvm, pg};
  }
}
