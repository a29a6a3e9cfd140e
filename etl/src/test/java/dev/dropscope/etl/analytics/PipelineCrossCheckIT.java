package dev.dropscope.etl.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.etl.Main;
import dev.dropscope.etl.analytics.Dataset.Claim;
import dev.dropscope.etl.analytics.Dataset.Interaction;
import dev.dropscope.etl.analytics.Dataset.Position;
import dev.dropscope.etl.analytics.Dataset.Sample;
import dev.dropscope.etl.analytics.Dataset.Snapshot;
import dev.dropscope.etl.analytics.Dataset.Trade;
import dev.dropscope.etl.cli.ExitCodes;
import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.prometheus.TsdbPrometheus;
import dev.dropscope.etl.store.Database;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.Processes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cross-check of issue 6: a seeded synthetic workload goes through the real pipeline — its
 * claims, interactions, portfolio snapshots and trades are posted to the real exporter, journaled
 * and loaded by {@code sync --only journal}; its Prometheus samples (prices, the latency histogram,
 * ALERTS) are written as TSDB blocks, served by a real Prometheus and loaded by {@code backfill} —
 * and every analytics view equals what {@link Reference} computes from the generated dataset
 * itself, never from what the tables hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineCrossCheckIT {
  private static final long SEED = 20_260_105L;
  private static final int BATCH = 1_000;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  Path dir;
  Dataset generated;
  TsdbPrometheus prometheus;
  Database db;
  Path etlConfig;

  @BeforeAll
  void runThePipeline(@TempDir Path tmp) throws Exception {
    dir = tmp;
    generated = SyntheticDataset.generate(SEED);
    prometheus = servePrometheus(generated.samples());
    etlConfig = prometheus.etlConfig(dir.resolve("etl.yml"), "max_window: 7d\n");
    // held open by the test: the ETL commands attach to this server instead of starting their own
    db =
        Database.open(
            new DatabaseConfig(null, null, null, dir.resolve("pg")),
            ReaderConfig.defaults(),
            Map.of());

    Path journal = dir.resolve("journal");
    Path exporterConfig =
        Files.writeString(
            dir.resolve("exporter.yml"),
            "host:\n  enabled: false\npacks:\n  builtin: [airdrops, trading, gateway]\n"
                + "journal:\n  dir: "
                + journal
                + "\n");
    try (ExporterProcess exporter =
        ExporterProcess.start(dir, "--config", exporterConfig.toString())) {
      post(exporter, events(generated));
    }
    assertThat(etl("sync", "--only", "journal", "--journal", journal.toString()))
        .isEqualTo(ExitCodes.OK);

    backfillPrometheus();

    // The user-entered tables: no event or metric carries them, so they go in as a user's INSERT.
    try (Connection c = db.connection()) {
      Jdbc.batch(
          c,
          "INSERT INTO analytics.protocol_costs (protocol, kind, amount_usd, valid_from,"
              + " valid_to) VALUES (?, ?, ?, ?, ?)",
          generated.manualCosts(),
          m -> new Object[] {m.protocol(), m.kind(), m.amountUsd(), m.validFrom(), m.validTo()});
      Jdbc.batch(
          c,
          "INSERT INTO analytics.protocol_plans (protocol, planned_interactions) VALUES (?, ?)",
          generated.plans(),
          p -> new Object[] {p.protocol(), p.plannedInteractions()});
    }
  }

  @AfterAll
  void stop() {
    if (db != null) {
      db.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  // --- the checks -------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> each_view_equals_the_reference_computed_from_the_generated_dataset()
      throws SQLException {
    return ViewRows.eachMatches(db, generated);
  }

  /**
   * Not an input of the expectations: a diagnosis that names the first field the exporter, the
   * journal or the ETL changed, where a view mismatch would only show its effect. Record ids are
   * the journal's, not the generator's, so rows are compared without them.
   */
  @Test
  void the_pipeline_stores_every_generated_value_unchanged() throws SQLException {
    Dataset stored;
    try (Connection c = db.connection()) {
      stored = DatasetTables.read(c);
    }
    assertThat(withoutIds(stored.claims(), PipelineCrossCheckIT::claim))
        .containsExactlyElementsOf(withoutIds(generated.claims(), PipelineCrossCheckIT::claim));
    assertThat(withoutIds(stored.interactions(), PipelineCrossCheckIT::interaction))
        .containsExactlyElementsOf(
            withoutIds(generated.interactions(), PipelineCrossCheckIT::interaction));
    assertThat(withoutIds(stored.snapshots(), PipelineCrossCheckIT::snapshot))
        .containsExactlyElementsOf(
            withoutIds(generated.snapshots(), PipelineCrossCheckIT::snapshot));
    assertThat(withoutIds(stored.trades(), PipelineCrossCheckIT::trade))
        .containsExactlyElementsOf(withoutIds(generated.trades(), PipelineCrossCheckIT::trade));
    assertThat(stored.samples()).containsExactlyInAnyOrderElementsOf(generated.samples());
    assertThat(stored.loadedTo()).isEqualTo(generated.loadedTo());
  }

  // --- exporter and journal ---------------------------------------------------------------------

  /**
   * The dataset's journaled records as ingest events, with their {@code ts} and an {@code id}. Each
   * type goes in the reference's order of recency — time, then the generator's id — so that records
   * at one instant (two snapshots of a wallet, say) are written, and so get journal ids, in the
   * order the reference breaks their tie.
   */
  private static List<ObjectNode> events(Dataset d) {
    List<ObjectNode> events = new ArrayList<>();
    for (Claim x : inRecencyOrder(d.claims(), Claim::ts, Claim::id)) {
      ObjectNode e = event("airdrops.claim", x.ts(), x.id());
      e.put("protocol", x.protocol()).put("wallet", x.wallet()).put("token", x.token());
      e.put("status", x.status());
      putIfPresent(e, "amount", x.amount());
      putIfPresent(e, "value_usd", x.valueUsd());
      putIfPresent(e, "fee_usd", x.feeUsd());
      if (x.gasUsed() != null) {
        e.put("gas_used", x.gasUsed());
      }
      events.add(e);
    }
    for (Interaction x : inRecencyOrder(d.interactions(), Interaction::ts, Interaction::id)) {
      ObjectNode e = event("airdrops.interaction", x.ts(), x.id());
      e.put("protocol", x.protocol()).put("wallet", x.wallet()).put("action", x.action());
      e.put("status", x.status());
      putIfPresent(e, "fee_usd", x.feeUsd());
      if (x.gasUsed() != null) {
        e.put("gas_used", x.gasUsed());
      }
      events.add(e);
    }
    for (Snapshot x : inRecencyOrder(d.snapshots(), Snapshot::ts, Snapshot::id)) {
      // total_value_usd has no event field: the loader stores the sum of the positions, which is
      // how the generator computes it too
      ObjectNode e = event("airdrops.portfolio", x.ts(), x.id());
      e.put("wallet", x.wallet());
      ArrayNode positions = e.putArray("positions");
      for (Position p : x.positions()) {
        ObjectNode position = positions.addObject().put("token", p.token());
        putIfPresent(position, "amount", p.amount());
        position.put("value_usd", p.valueUsd());
      }
      events.add(e);
    }
    for (Trade x : inRecencyOrder(d.trades(), Trade::ts, Trade::id)) {
      ObjectNode e = event("trading.trade", x.ts(), x.id());
      e.put("exchange", x.exchange()).put("symbol", x.symbol()).put("side", x.side());
      putIfPresent(e, "pnl_usd", x.pnlUsd());
      putIfPresent(e, "fee_usd", x.feeUsd());
      if (x.executionSeconds() != null) {
        e.put("execution_seconds", x.executionSeconds());
      }
      if (x.agent() != null) {
        e.put("agent", x.agent());
      }
      events.add(e);
    }
    return events;
  }

  private static <T> List<T> inRecencyOrder(
      List<T> rows, Function<T, Instant> ts, Function<T, UUID> id) {
    return rows.stream()
        .sorted(Comparator.comparing(ts).thenComparing(x -> id.apply(x).toString()))
        .toList();
  }

  private static ObjectNode event(String type, Instant ts, UUID id) {
    return JSON.createObjectNode()
        .put("type", type)
        .put("ts", ts.toString())
        .put("id", id.toString());
  }

  private static void putIfPresent(ObjectNode e, String field, BigDecimal value) {
    if (value != null) {
      e.put(field, value);
    }
  }

  /** Posts the events as NDJSON batches; each must be accepted whole, without warnings. */
  private static void post(ExporterProcess exporter, List<ObjectNode> events) throws Exception {
    for (int from = 0; from < events.size(); from += BATCH) {
      List<ObjectNode> batch = events.subList(from, Math.min(from + BATCH, events.size()));
      StringBuilder ndjson = new StringBuilder();
      for (ObjectNode e : batch) {
        ndjson.append(JSON.writeValueAsString(e)).append('\n');
      }
      Http.Response r =
          Http.post(exporter.uri("/api/v1/events"), "application/x-ndjson", ndjson.toString());
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      assertThat(JSON.readTree(r.body()))
          .as(r.body())
          .isEqualTo(JSON.createObjectNode().put("accepted", batch.size()));
    }
  }

  // --- Prometheus -------------------------------------------------------------------------------

  /**
   * Writes the samples as TSDB blocks (they are in the past: a scrape cannot produce them) and
   * serves them with a real Prometheus.
   */
  private TsdbPrometheus servePrometheus(List<Sample> samples) throws Exception {
    Path om = Files.writeString(dir.resolve("samples.om"), openMetrics(samples));
    Path data = dir.resolve("prometheus/data");
    Processes.Result r =
        Processes.run(
            List.of(
                Binaries.promtool().toString(),
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                "--quiet",
                // a hidden flag in 2.42: 90 days in a few blocks instead of 1,080 of 2 hours, which
                // take promtool about 40 s to write and Prometheus long to open
                "--max-block-duration=2400h",
                om.toString(),
                data.toString()),
            "",
            Duration.ofMinutes(2));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return TsdbPrometheus.serve(dir.resolve("prometheus"));
  }

  /** One family per metric name, each series' samples in time order, values exactly. */
  static String openMetrics(List<Sample> samples) {
    Map<String, Map<String, List<Sample>>> families = new TreeMap<>();
    for (Sample s : samples) {
      families
          .computeIfAbsent(s.metric(), k -> new TreeMap<>())
          .computeIfAbsent(labels(s.labels()), k -> new ArrayList<>())
          .add(s);
    }
    StringBuilder out = new StringBuilder();
    families.forEach(
        (metric, series) -> {
          out.append("# TYPE ").append(metric).append(" unknown\n");
          series.forEach(
              (labels, xs) ->
                  xs.stream()
                      .sorted(Comparator.comparing(Sample::ts))
                      .forEach(
                          x ->
                              out.append(metric)
                                  .append(labels)
                                  .append(' ')
                                  .append(value(x.value()))
                                  .append(' ')
                                  .append(x.ts().toEpochMilli() / 1000)
                                  .append('.')
                                  .append(String.format("%03d", x.ts().toEpochMilli() % 1000))
                                  .append('\n')));
        });
    return out.append("# EOF\n").toString();
  }

  private static String labels(Map<String, String> labels) {
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(labels)
        .forEach(
            (k, v) ->
                out.append(out.length() > 1 ? "," : "")
                    .append(k)
                    .append("=\"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"'));
    return out.append('}').toString();
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * Loads the samples with {@code backfill} so that the sync watermark ends at the dataset's {@code
   * loadedTo}, as a sync running since the first sample would have left it (the alert episodes read
   * it). The samples after it (the last hours of prices) go first, while there is no sync watermark
   * to move; then a sync watermark at the first sample, which the ETL keeps in its bookkeeping
   * table, is continued by the backfill of everything before {@code loadedTo}.
   */
  private void backfillPrometheus() throws SQLException {
    Instant first =
        generated.samples().stream().map(Sample::ts).min(Comparator.naturalOrder()).get();
    Instant last =
        generated.samples().stream().map(Sample::ts).max(Comparator.naturalOrder()).get();
    Instant from = first.minusSeconds(1); // backfill ranges are (from, to]
    Instant loadedTo = generated.loadedTo();
    assertThat(etl("backfill", "--from", loadedTo.toString(), "--to", last.toString()))
        .isEqualTo(ExitCodes.OK);
    try (Connection c = db.connection()) {
      Jdbc.batch(
          c,
          "INSERT INTO dropscope.watermarks (source, loaded_to) VALUES ('prometheus', ?)",
          List.of(from),
          t -> new Object[] {t});
    }
    assertThat(etl("backfill", "--from", from.toString(), "--to", loadedTo.toString()))
        .isEqualTo(ExitCodes.OK);
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Runs an ETL command in this JVM, the way {@code java -jar dropscope-etl.jar} would. */
  private int etl(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--config", etlConfig.toString()));
    all.addAll(List.of("--data-dir", dir.resolve("pg").toString()));
    all.addAll(List.of(args));
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return Main.run(all.toArray(String[]::new));
    } finally {
      System.setOut(original);
    }
  }

  private static <T> List<List<Object>> withoutIds(List<T> rows, Function<T, List<Object>> fields) {
    return rows.stream().map(fields).sorted(Comparator.comparing(Object::toString)).toList();
  }

  private static List<Object> claim(Claim x) {
    return List.of(
        x.ts(),
        x.protocol(),
        x.wallet(),
        x.token(),
        x.status(),
        plain(x.amount()),
        plain(x.valueUsd()),
        plain(x.feeUsd()),
        String.valueOf(x.gasUsed()));
  }

  private static List<Object> interaction(Interaction x) {
    return List.of(
        x.ts(),
        x.protocol(),
        x.wallet(),
        x.action(),
        x.status(),
        plain(x.feeUsd()),
        String.valueOf(x.gasUsed()));
  }

  private static List<Object> snapshot(Snapshot x) {
    return List.of(
        x.ts(),
        x.wallet(),
        plain(x.totalValueUsd()),
        x.positions().stream()
            .map(p -> p.token() + " " + plain(p.amount()) + " " + plain(p.valueUsd()))
            .toList());
  }

  private static List<Object> trade(Trade x) {
    return List.of(
        x.ts(),
        x.exchange(),
        x.symbol(),
        x.side(),
        plain(x.pnlUsd()),
        plain(x.feeUsd()),
        String.valueOf(x.executionSeconds()),
        String.valueOf(x.agent()));
  }

  /**
   * A number's value without its scale. The exporter parses fractional numbers to the nearest
   * double and journals that double's shortest form, so 178.120000 comes back as 178.12: the same
   * value for every number of the dataset (none has more than 15 significant digits), not the same
   * scale.
   */
  private static String plain(BigDecimal x) {
    return x == null ? "null" : x.stripTrailingZeros().toPlainString();
  }
}
