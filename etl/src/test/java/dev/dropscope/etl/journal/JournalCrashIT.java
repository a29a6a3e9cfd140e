package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_CLAIMS;
import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;
import static dev.dropscope.etl.db.dropscope.Tables.PORTFOLIO_SNAPSHOTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.store.RunningServer;
import dev.dropscope.exporter.journal.JournalReader;
import dev.dropscope.exporter.journal.JournalRecord;
import dev.dropscope.testing.ManagedProcess;
import dev.dropscope.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code dropscope-etl sync --only journal} at several moments of a load: after each,
 * every chunk is wholly loaded or not at all (the events are exactly the records before each
 * segment's watermark, with their typed rows); a rerun then leaves rows identical to a clean load,
 * and another adds nothing. The embedded PostgreSQL outlives each kill; the next command stops it.
 */
class JournalCrashIT {
  private static final int RECORDS = 120_000;
  private static final int BATCH = 2_000;
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  private Path journal;
  private Path config;

  @Test
  void a_load_killed_at_any_moment_and_rerun_equals_a_clean_load() throws Exception {
    journal = dir.resolve("journal");
    List<List<JournalRecord>> batches = new ArrayList<>();
    for (int start = 0; start < RECORDS; start += 1_000) {
      List<JournalRecord> b = new ArrayList<>();
      for (int i = start; i < start + 1_000; i++) {
        b.add(Journals.mixed(i));
      }
      batches.add(b);
    }
    Journals.appendNew(journal, 8L << 20, batches); // ~50 MB in 8 MiB segments
    config = dir.resolve("etl.yml");
    Files.writeString(config, "journal:\n  batch: " + BATCH + "\n");
    Map<String, String> clean = cleanLoad();

    Path data = dir.resolve("pg-crash");
    int[] partial = {0};
    // where to kill: at the database's start (migrating, or starting the load), and as soon as a
    // chunk of the first, second or third segment is in, i.e. somewhere inside a later chunk. The
    // later segments are still to load then, so every kill lands before the command ends.
    killDuring(data, "the database started", logged("started the embedded PostgreSQL"), partial);
    killDuring(data, "a chunk of segment 1 is in", chunkIn(data, 1), partial);
    killDuring(data, "a chunk of segment 2 is in", chunkIn(data, 2), partial);
    killDuring(data, "a chunk of segment 3 is in", chunkIn(data, 3), partial);
    assertThat(partial[0]).as("kills that left a partial load").isGreaterThanOrEqualTo(1);

    ManagedProcess orphaned = startSync(data);
    // leave the server running this time
    killWhen(orphaned, "a chunk of segment 4 is in", chunkIn(data, 4));
    ManagedProcess rerun = startSync(data);
    assertThat(awaitExit(rerun)).as(rerun.describe("exit code")).isZero();
    assertThat(rerun.logText()).contains("outlived the command that started it; stopping it");
    assertThat(fingerprint(data)).isEqualTo(clean);

    ManagedProcess again = startSync(data);
    assertThat(awaitExit(again)).as(again.describe("exit code")).isZero();
    assertThat(again.logText()).contains("sync done: 0 windows, 0 samples, 0 events");
    assertThat(fingerprint(data)).isEqualTo(clean);
  }

  /** The tables after an uninterrupted load into a fresh database. */
  private Map<String, String> cleanLoad() throws Exception {
    Path data = dir.resolve("pg-clean");
    ManagedProcess sync = startSync(data);
    assertThat(awaitExit(sync)).as(sync.describe("exit code")).isZero();
    Map<String, String> tables = fingerprint(data);
    assertThat(tables.get("dropscope.events")).startsWith(RECORDS + " ");
    return tables;
  }

  /**
   * Starts a sync, kills it with SIGKILL as soon as {@code moment} holds, then checks in the
   * database that every chunk is in whole or not at all.
   */
  private void killDuring(Path data, String what, Predicate<ManagedProcess> moment, int[] partial)
      throws Exception {
    ManagedProcess sync = startSync(data);
    killWhen(sync, what, moment);
    try (TestDb pg = new TestDb(data)) { // stops the server the killed command left running
      long loaded = pg.count(EVENTS);
      if (loaded > 0 && loaded < RECORDS) {
        partial[0]++;
      }
      assertWholeChunks(pg);
    }
  }

  private void killWhen(ManagedProcess sync, String what, Predicate<ManagedProcess> moment)
      throws Exception {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    while (!moment.test(sync)) {
      assertThat(sync.isAlive()).as(sync.describe("ended before " + what)).isTrue();
      assertThat(System.nanoTime())
          .as(sync.describe("never reached: " + what))
          .isLessThan(deadline);
      Thread.sleep(5);
    }
    ProcessHandle.of(sync.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
    assertThat(awaitExit(sync)).as(sync.describe("killed when " + what)).isEqualTo(137);
  }

  private static Predicate<ManagedProcess> logged(String line) {
    return sync -> sync.logText().contains(line);
  }

  /** Whether the sync loading into {@code data} has committed a chunk of segment {@code n}. */
  private Predicate<ManagedProcess> chunkIn(Path data, int n) throws Exception {
    String segment = JournalReader.segments(journal).get(n - 1).getFileName().toString();
    String loadedTo =
        "SELECT coalesce(max(\"offset\"), 0) FROM dropscope.journal_segments"
            + " WHERE segment = '"
            + segment
            + "'";
    return sync -> RunningServer.queryLong(data, loadedTo) > 0;
  }

  /** The loaded events are exactly the records before each segment's watermark. */
  private void assertWholeChunks(TestDb pg) throws Exception {
    Map<String, Long> marks =
        pg.dsl()
            .select(JOURNAL_SEGMENTS.SEGMENT, JOURNAL_SEGMENTS.OFFSET)
            .from(JOURNAL_SEGMENTS)
            .fetchMap(JOURNAL_SEGMENTS.SEGMENT, JOURNAL_SEGMENTS.OFFSET);
    Set<UUID> expected = new HashSet<>();
    long claims = 0;
    long portfolios = 0;
    for (Path segment : JournalReader.segments(journal)) {
      long mark = marks.getOrDefault(segment.getFileName().toString(), 0L);
      List<JournalRecord> records = JournalReader.readSegment(segment, 0).records();
      long[] starts = LineStarts.of(segment, 0, records.size());
      for (int i = 0; i < records.size() && starts[i] < mark; i++) {
        expected.add(UUID.fromString(records.get(i).id()));
        claims += records.get(i).type().equals("airdrops.claim") ? 1 : 0;
        portfolios += records.get(i).type().equals(EventTables.PORTFOLIO) ? 1 : 0;
      }
      if (mark > 0) {
        assertThat(LineStarts.startsLine(segment, mark)).isTrue();
      }
    }
    assertThat(new HashSet<>(pg.dsl().fetchValues(EVENTS.ID))).isEqualTo(expected);
    assertThat((long) pg.count(AIRDROP_CLAIMS)).isEqualTo(claims);
    assertThat((long) pg.count(PORTFOLIO_SNAPSHOTS)).isEqualTo(portfolios);
  }

  /** Per table: row count and an md5 of every row's text, in key order. */
  private Map<String, String> fingerprint(Path data) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (TestDb pg = new TestDb(data)) {
      for (String[] t :
          new String[][] {
            {"dropscope.events", "id"},
            {"dropscope.airdrop_claims", "id"},
            {"dropscope.airdrop_interactions", "id"},
            {"dropscope.portfolio_snapshots", "id"},
            {"dropscope.portfolio_positions", "snapshot_id, position"},
            {"dropscope.trades", "id"},
            {"dropscope.gateway_transactions", "id"},
            {"(SELECT segment, \"offset\", records FROM dropscope.journal_segments)", "segment"}
          }) {
        out.put(
            t[0],
            pg.dsl()
                .fetchValue(
                    "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                        + t[1]
                        + ")), '-') FROM "
                        + t[0]
                        + " t")
                .toString());
      }
    }
    return out;
  }

  private ManagedProcess startSync(Path data) {
    return Processes.start(
        "etl-sync",
        List.of(
            Processes.java().toString(),
            "-jar",
            System.getProperty("dropscope.etl.jar"),
            "sync",
            "--only",
            "journal",
            "--config",
            config.toString(),
            "--journal",
            journal.toString(),
            "--data-dir",
            data.toString()),
        dir);
  }

  private static int awaitExit(ManagedProcess p) throws Exception {
    ProcessHandle handle = ProcessHandle.of(p.pid()).orElse(null);
    if (handle != null) {
      handle.onExit().get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
    return p.stop();
  }
}
