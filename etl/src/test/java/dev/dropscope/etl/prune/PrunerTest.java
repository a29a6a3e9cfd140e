package dev.dropscope.etl.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention on a real PostgreSQL: whole day partitions of raw samples, rollup rows. */
class PrunerTest {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  Database db;

  @BeforeEach
  void open(@TempDir Path dir) throws Exception {
    db =
        Database.open(new DatabaseConfig(null, null, null, dir), ReaderConfig.defaults(), Map.of());
    // raw samples from 10 days ago to today, one a day at noon; rollups every day for 40 days
    db.dsl()
        .execute(
            "SELECT dropscope.ensure_sample_partitions(?::timestamptz, ?::timestamptz)",
            NOW.minus(10, ChronoUnit.DAYS).toString(),
            NOW.plus(1, ChronoUnit.DAYS).toString());
    for (int d = 0; d <= 10; d++) {
      db.dsl()
          .execute(
              "INSERT INTO dropscope.samples VALUES (1, ?::timestamptz, ?)",
              NOW.minus(d, ChronoUnit.DAYS).toString(),
              d);
    }
    for (int d = 0; d < 40; d++) {
      String bucket = NOW.minus(d, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();
      db.dsl()
          .execute(
              "INSERT INTO dropscope.rollup_1h VALUES (1, ?::timestamptz, 0, 1, 0.5, 1, 2, NULL)",
              bucket);
      db.dsl()
          .execute(
              "INSERT INTO dropscope.rollup_5m VALUES (1, ?::timestamptz, 0, 1, 0.5, 1, 2, NULL)",
              bucket);
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void drops_only_partitions_whose_whole_day_is_older_than_the_cut() throws Exception {
    Instant cut = NOW.minus(5, ChronoUnit.DAYS); // 2026-06-10T12:00Z: the 10th is partly newer
    Pruner.Result r = Pruner.prune(db, cut, NOW.minus(30, ChronoUnit.DAYS), false);

    assertThat(r.partitions())
        .containsExactly(
            "samples_20260605",
            "samples_20260606",
            "samples_20260607",
            "samples_20260608",
            "samples_20260609");
    assertThat(days("SELECT ts FROM dropscope.samples ORDER BY ts"))
        .first()
        .isEqualTo(LocalDate.parse("2026-06-10"));
    assertThat(count("dropscope.samples")).isEqualTo(6);
  }

  @Test
  void deletes_rollups_before_their_own_cut() throws Exception {
    Pruner.Result r =
        Pruner.prune(db, NOW.minus(5, ChronoUnit.DAYS), NOW.minus(30, ChronoUnit.DAYS), false);

    assertThat(r.rollupRows()).isEqualTo(2 * 9); // days 31..39 in both tables
    assertThat(count("dropscope.rollup_1h")).isEqualTo(31);
    assertThat(count("dropscope.rollup_5m")).isEqualTo(31);
  }

  @Test
  void a_dry_run_reports_the_same_and_drops_nothing() throws Exception {
    Pruner.Result r =
        Pruner.prune(db, NOW.minus(5, ChronoUnit.DAYS), NOW.minus(30, ChronoUnit.DAYS), true);

    assertThat(r.partitions()).hasSize(5);
    assertThat(r.rollupRows()).isEqualTo(18);
    assertThat(count("dropscope.samples")).isEqualTo(11);
    assertThat(count("dropscope.rollup_1h")).isEqualTo(40);
  }

  private long count(String table) {
    return db.dsl().fetchSingle("SELECT count(*) FROM " + table).get(0, Long.class);
  }

  private List<LocalDate> days(String sql) {
    return db.dsl().fetch(sql).stream()
        .map(
            r ->
                r.get(0, java.time.OffsetDateTime.class)
                    .atZoneSameInstant(ZoneOffset.UTC)
                    .toLocalDate())
        .toList();
  }
}
