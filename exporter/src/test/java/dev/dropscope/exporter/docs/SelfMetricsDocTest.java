package dev.dropscope.exporter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dropscope.exporter.Exporter;
import dev.dropscope.exporter.config.ConfigLoader;
import dev.dropscope.exporter.config.ExporterConfig;
import dev.dropscope.exporter.host.FixtureHostSource;
import dev.dropscope.exporter.journal.Journal;
import dev.dropscope.testing.Http;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/metrics.md lists exactly the {@code dropscope_*} metrics the exporter publishes. The list is
 * hand-written (metrics.template.md), so this reads the names off a running exporter that has been
 * made to publish every one: all packs, a journal, an accepted, a duplicate and a refused event,
 * and a series cap low enough to drop updates.
 */
class SelfMetricsDocTest {
  private static final Path DOC = Path.of("..", "docs", "metrics.md");
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Pattern TYPE_LINE =
      Pattern.compile("^# TYPE (dropscope_\\w+) ", Pattern.MULTILINE);
  private static final Pattern ROW =
      Pattern.compile("^\\| `(dropscope_\\w+)` \\|", Pattern.MULTILINE);

  private static Exporter exporter;
  private static HttpServer probeTarget;
  private static Set<String> published;

  @BeforeAll
  static void publishEverySelfMetric(@TempDir Path dir) throws Exception {
    probeTarget = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    probeTarget.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    probeTarget.start();
    ExporterConfig config =
        new ConfigLoader()
            .parse(
                """
                server:
                  port: 0
                packs:
                  builtin: [airdrops, trading, gateway]
                ingest:
                  max_series_total: 2
                journal:
                  dir: %s
                  fsync: false
                components:
                  - name: probe_target
                    url: http://127.0.0.1:%d/
                    interval: 1s
                    timeout: 900ms
                """
                    .formatted(dir.resolve("journal"), probeTarget.getAddress().getPort()));
    exporter = Exporter.start(config, new FixtureHostSource(), Journal.open(config.journal()));
    String claim =
        """
        {"type": "airdrops.claim", "id": "c-1", "protocol": "zksync", "wallet": "0xa", "token": "ZK",
         "status": "success", "value_usd": 10, "fee_usd": 0.1, "gas_used": 21000}
        """;
    post(claim, 202); // journaled; four series against a cap of two: drops
    post(claim, 202); // the same id again: a duplicate
    post("{\"type\": \"airdrops.claim\"}", 400);
    // some appear only later: the probe metrics once the first probe has completed, its last
    // success timestamp once one has succeeded. Scrape until every documented one is there.
    Set<String> documented = documented();
    long deadline = System.nanoTime() + 20_000_000_000L;
    published = typeNames(Http.get(uri("/metrics")).body());
    while (!published.containsAll(documented) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      published = typeNames(Http.get(uri("/metrics")).body());
    }
  }

  private static Set<String> typeNames(String metrics) {
    Set<String> names = new TreeSet<>();
    Matcher m = TYPE_LINE.matcher(metrics);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @AfterAll
  static void stop() {
    if (exporter != null) {
      exporter.close();
    }
    if (probeTarget != null) {
      probeTarget.stop(0);
    }
  }

  @Test
  void every_dropscope_metric_the_exporter_publishes_has_a_row() throws IOException {
    assertThat(documented())
        .as("rows of 'The exporter's own metrics' in %s (edit %s)", DOC, template())
        .containsAll(published);
  }

  @Test
  void every_documented_dropscope_metric_is_published() throws IOException {
    assertThat(published).as("metrics published by a busy exporter").containsAll(documented());
  }

  @Test
  void every_dropscope_name_in_the_exporters_source_has_a_row() throws IOException {
    // Catches families the run above leaves empty (labelled metrics nothing has touched yet).
    Set<String> documented = documented();
    Pattern literal = Pattern.compile("\"(dropscope_\\w+)\"");
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          String name = m.group(1);
          assertThat(
                  Stream.of(name, name + "_total", name + "_info").anyMatch(documented::contains))
              .as("a row for %s (named in %s) in %s; add it to %s", name, f, DOC, template())
              .isTrue();
        }
      }
    }
  }

  private static Set<String> documented() throws IOException {
    Set<String> rows = new TreeSet<>();
    Matcher m = ROW.matcher(Files.readString(DOC));
    while (m.find()) {
      rows.add(m.group(1));
    }
    return rows;
  }

  private static String template() {
    return Template.SOURCE_DIR + MetricsPage.TEMPLATE;
  }

  private static void post(String body, int expectedStatus) {
    Http.Response r = Http.post(uri("/api/v1/events"), "application/json", body);
    assertThat(r.status()).as(r.body()).isEqualTo(expectedStatus);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + exporter.address().getPort() + path);
  }
}
