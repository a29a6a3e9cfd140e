package dev.dropscope.etl.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.report.Report;
import dev.dropscope.etl.report.ReportFormat;
import dev.dropscope.etl.report.ReportLoader;
import dev.dropscope.etl.report.Table;
import dev.dropscope.etl.store.Database;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The report reads every section from the real views, and the range bounds its time series. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportFromViewsTest {
  Database db;

  @BeforeAll
  void load(@TempDir Path dir) throws Exception {
    db =
        Database.open(new DatabaseConfig(null, null, null, dir), ReaderConfig.defaults(), Map.of());
    try (Connection c = db.connection()) {
      DatasetTables.insert(c, SyntheticDataset.generate(7));
    }
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void every_section_has_rows_and_the_protocols_match_the_views() throws Exception {
    Report r =
        ReportLoader.load(
            db,
            SyntheticDataset.START,
            SyntheticDataset.START.plus(Duration.ofDays(SyntheticDataset.DAYS)));

    for (Table t : r.tables()) {
      assertThat(t.rows()).as(t.id()).isNotEmpty();
    }
    long protocols =
        db.dsl().fetchSingle("SELECT count(*) FROM analytics.protocol_roi").get(0, Long.class);
    assertThat(r.table("protocols").rows()).hasSize((int) protocols);
    for (ReportFormat f : ReportFormat.values()) {
      StringWriter w = new StringWriter();
      f.write(r, w);
      assertThat(w.toString()).as(f.name()).contains("layer").hasSizeGreaterThan(500);
    }
  }

  @Test
  void the_range_bounds_the_time_series() throws Exception {
    Instant from = SyntheticDataset.START.plus(Duration.ofDays(10));
    Instant to = from.plus(Duration.ofDays(5));
    Report r = ReportLoader.load(db, from, to);

    List<List<Object>> values = r.table("portfolio_value").rows();
    assertThat(values).isNotEmpty();
    for (List<Object> row : values) {
      assertThat((Instant) row.get(0)).isBetween(from, to.minusNanos(1));
    }
    List<List<Object>> days = r.table("claims_daily").rows();
    assertThat(days).isNotEmpty();
    for (List<Object> row : days) {
      assertThat((Instant) row.get(0)).isBetween(from, to.minusNanos(1));
    }
  }
}
