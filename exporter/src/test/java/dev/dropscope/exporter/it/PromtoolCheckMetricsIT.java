package dev.dropscope.exporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real exporter's /metrics read by Prometheus's own tooling. The text format goes through
 * {@code promtool check metrics}. promtool 2.42 lints the text format only (OpenMetrics stops it at
 * {@code # TYPE ... info}), so the OpenMetrics exposition goes through Prometheus's OpenMetrics
 * parser instead, by {@code promtool tsdb create-blocks-from openmetrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromtoolCheckMetricsIT {
  private static final Duration PROMTOOL_TIMEOUT = Duration.ofSeconds(60);
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

  private Path dir;
  private ExporterProcess exporter;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    Binaries.promtool();
    exporter = ExporterProcess.start(dir);
  }

  @AfterAll
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void text_exposition_has_no_lint_problems_outside_node_names() {
    Processes.Result lint = lintTextExposition();

    assertThat(problems(lint)).as(lint.describe()).allMatch(line -> line.startsWith("node_"));
  }

  @Test
  void node_names_draw_only_the_camel_case_complaint_node_exporter_names_draw_too() {
    // node_exporter publishes /proc/meminfo fields as-is (node_memory_MemTotal_bytes); promtool
    // flags them, and dashboards depend on exactly those names.
    Processes.Result lint = lintTextExposition();

    assertThat(problems(lint))
        .as(lint.describe())
        .filteredOn(line -> line.startsWith("node_"))
        .allMatch(
            line ->
                line.endsWith("metric names should be written in 'snake_case' not 'camelCase'"));
  }

  @Test
  void openmetrics_exposition_is_read_whole_by_prometheus_openmetrics_parser() throws IOException {
    Http.Response metrics = Http.get(exporter.uri("/metrics"), "Accept", OPENMETRICS);
    assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
    assertThat(metrics.contentType()).as(metrics.body()).startsWith(OPENMETRICS);
    // Backfilling needs a timestamp on every sample; adding one changes no name, label or value.
    Path file = dir.resolve("metrics.om");
    Files.writeString(file, withTimestamps(metrics.body(), Instant.now().getEpochSecond()));

    Processes.Result backfill =
        Processes.run(
            List.of(
                Binaries.promtool().toString(),
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                file.toString(),
                dir.resolve("blocks").toString()),
            "",
            PROMTOOL_TIMEOUT);

    assertThat(backfill.exitCode()).as(backfill.describe()).isZero();
    assertThat(samplesWritten(backfill))
        .as(backfill.describe())
        .isEqualTo(sampleLines(metrics.body()));
  }

  /** promtool on the text exposition; exit 0 is clean, 3 lint problems only, 1 unparseable. */
  private Processes.Result lintTextExposition() {
    Http.Response metrics = Http.get(exporter.uri("/metrics"));
    assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
    Processes.Result lint =
        Processes.run(
            List.of(Binaries.promtool().toString(), "check", "metrics"),
            metrics.body(),
            PROMTOOL_TIMEOUT);
    assertThat(lint.exitCode()).as(lint.describe()).isIn(0, 3);
    return lint;
  }

  /** promtool prints one problem a line: the metric name, then the complaint. */
  private static List<String> problems(Processes.Result lint) {
    return (lint.stdout() + "\n" + lint.stderr()).lines().filter(l -> !l.isBlank()).toList();
  }

  private static long sampleLines(String exposition) {
    return exposition.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
  }

  /**
   * Sums NUM SAMPLES over the rows promtool prints per block: ULID, min, max, duration, samples…
   */
  private static long samplesWritten(Processes.Result backfill) {
    return backfill
        .stdout()
        .lines()
        .map(String::strip)
        .filter(l -> l.matches("[0-9A-Z]{26}\\s.*"))
        .collect(Collectors.summingLong(l -> Long.parseLong(l.split("\\s+")[4])));
  }

  /** Puts {@code epochSeconds} after the value of every sample line, before any exemplar. */
  static String withTimestamps(String exposition, long epochSeconds) {
    return exposition
        .lines()
        .map(line -> line.isEmpty() || line.startsWith("#") ? line : stamp(line, epochSeconds))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static String stamp(String line, long epochSeconds) {
    int valueStart = endOfSeries(line) + 1;
    int valueEnd = line.indexOf(' ', valueStart);
    int at = valueEnd < 0 ? line.length() : valueEnd;
    return line.substring(0, at) + " " + epochSeconds + line.substring(at);
  }

  /** Index just past the metric name and its {labels}, skipping braces inside quoted values. */
  private static int endOfSeries(String line) {
    int space = line.indexOf(' ');
    int brace = line.indexOf('{');
    if (brace < 0 || (space >= 0 && space < brace)) {
      return space;
    }
    boolean quoted = false;
    for (int i = brace + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i + 1;
      }
    }
    throw new AssertionError("unterminated labels in sample line: " + line);
  }
}
