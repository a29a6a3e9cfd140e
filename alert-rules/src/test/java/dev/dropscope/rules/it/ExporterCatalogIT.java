package dev.dropscope.rules.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.rules.RulesProject;
import dev.dropscope.rules.catalog.Catalog;
import dev.dropscope.rules.catalog.CatalogMetric;
import dev.dropscope.rules.catalog.MetricKind;
import dev.dropscope.rules.promql.Promql;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.Http;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host and exporter metrics the built-in rules read exist on the real exporter's /metrics with
 * the type the catalog gives them, so a rule checked against the catalog queries real series.
 */
class ExporterCatalogIT {
  /** Families that appear only after something happens that a fresh exporter cannot show. */
  private static final Set<String> AFTER_ACTIVITY =
      Set.of(
          "dropscope_series_dropped_total", // first dropped update
          "dropscope_probe_success"); // components with health URLs configured

  @Test
  void every_host_and_exporter_metric_the_rules_read_is_exposed_with_its_catalog_type(
      @TempDir Path dir) throws Exception {
    Catalog catalog = Catalog.builtIn();
    Set<String> used = new TreeSet<>();
    RulesProject.Loaded loaded = RulesProject.in(Bundle.MODULE).load();
    Stream.concat(
            loaded.bundle().alerts().map(a -> a.expr()),
            loaded.bundle().recordings().map(r -> r.expr()))
        .flatMap(e -> Promql.metricNames(Promql.parse(e)).stream())
        .filter(n -> n.startsWith("node_") || n.startsWith("dropscope_"))
        .forEach(used::add);
    assertThat(used).contains("node_cpu_seconds_total", "dropscope_journal_write_failures_total");

    try (ExporterProcess exporter =
        ExporterProcess.start(dir, "--journal", dir.resolve("journal").toString())) {
      post(exporter, "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\"}");
      post(exporter, "{\"type\":\"airdrops.no_such_event\"}");
      Map<String, String> exposed = types(Http.get(exporter.uri("/metrics")).body());
      for (String series : used) {
        String family = family(series, catalog);
        CatalogMetric m = catalog.family(family).orElseThrow();
        if (AFTER_ACTIVITY.contains(series) && !exposed.containsKey(family)) {
          continue;
        }
        assertThat(exposed)
            .as("/metrics exposes %s (read by the rules as %s)", family, series)
            .containsKey(family);
        assertThat(exposed.get(family))
            .as("type of %s on /metrics", family)
            .isEqualTo(m.kind().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  /** The family a series belongs to: x for x_bucket/x_count/x_sum of a histogram. */
  private static String family(String series, Catalog catalog) {
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (series.endsWith(suffix)) {
        String base = series.substring(0, series.length() - suffix.length());
        if (catalog.family(base).map(m -> m.kind() == MetricKind.HISTOGRAM).orElse(false)) {
          return base;
        }
      }
    }
    return series;
  }

  /** {@code # TYPE name type} lines of the text format; counters keyed by their _total name. */
  private static Map<String, String> types(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(text);
    while (m.find()) {
      String name = m.group(1);
      String type = m.group(2);
      if (type.equals("counter") && !name.endsWith("_total")) {
        name = name + "_total";
      }
      out.put(name, type);
    }
    return out;
  }

  private static void post(ExporterProcess exporter, String event)
      throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      client.send(
          HttpRequest.newBuilder(exporter.uri("/api/v1/events"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(event))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
