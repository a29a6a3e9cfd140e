package dev.dropscope.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real Prometheus server for integration tests: writes {@code prometheus.yml} (static scrape
 * targets, optional rule files and Alertmanager) into a directory, runs {@code prometheus} on a
 * free loopback port, and queries it. Alerts are re-sent every second ({@code
 * --rules.alert.resend-delay=1s}) so a first notification dropped before Alertmanager discovery is
 * not a minute late.
 *
 * <pre>{@code
 * try (var prometheus =
 *     PrometheusServer.builder().scrape("dropscope", exporter.address()).start(dir)) {
 *   QueryResult up = prometheus.awaitQuery("up", r -> !r.isEmpty(), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final Path configFile;
  private final ManagedProcess process;

  private PrometheusServer(int port, Path configFile, ManagedProcess process) {
    this.port = port;
    this.configFile = configFile;
    this.process = process;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:PORT} + {@code path}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public Path configFile() {
    return configFile;
  }

  public ManagedProcess process() {
    return process;
  }

  /** Runs an instant query now; fails, showing the body, unless Prometheus answers success. */
  public QueryResult query(String promql) {
    Http.Response response = Http.get(queryUri(promql));
    if (response.status() != 200) {
      throw new AssertionError(
          "query " + promql + " answered HTTP " + response.status() + ": " + response.body());
    }
    return QueryResult.parse(response.body());
  }

  /**
   * Repeats {@code promql} until its result satisfies {@code until} and returns that result. A
   * query Prometheus rejects (HTTP 400) fails at once; on timeout the failure shows the last body
   * and the health of every scrape target.
   */
  public QueryResult awaitQuery(String promql, Predicate<QueryResult> until, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    String last = "no answer yet";
    while (true) {
      try {
        Http.Response response = Http.get(queryUri(promql));
        last = "HTTP " + response.status() + ": " + response.body();
        if (response.status() == 400) {
          throw new AssertionError("Prometheus rejected " + promql + ": " + response.body());
        }
        if (response.status() == 200) {
          QueryResult result = QueryResult.parse(response.body());
          if (until.test(result)) {
            return result;
          }
        }
      } catch (UncheckedIOException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "query "
                + promql
                + " did not give the expected result within "
                + deadline
                + "\nlast answer: "
                + last
                + "\ntargets:\n"
                + targets());
      }
      ManagedProcess.sleep(POLL);
    }
  }

  /**
   * GETs an HTTP API path such as {@code /api/v1/targets/metadata} and returns its {@code data};
   * fails, showing the body, unless Prometheus answers success.
   */
  public JsonNode api(String path, Map<String, String> params) {
    String query =
        params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    Http.Response response = Http.get(uri(query.isEmpty() ? path : path + "?" + query));
    try {
      JsonNode root = JSON.readTree(response.body());
      if (response.status() != 200 || !"success".equals(root.path("status").asText())) {
        throw new AssertionError(
            path + " answered HTTP " + response.status() + ": " + response.body());
      }
      return root.path("data");
    } catch (JsonProcessingException e) {
      throw new AssertionError(path + " answered something other than JSON: " + response.body(), e);
    }
  }

  /** One line per scrape target: job, URL, health and last error, for failure messages. */
  public String targets() {
    try {
      StringBuilder out = new StringBuilder();
      for (JsonNode target : api("/api/v1/targets", Map.of()).path("activeTargets")) {
        out.append("  ")
            .append(target.path("labels").path("job").asText())
            .append(' ')
            .append(target.path("scrapeUrl").asText())
            .append(' ')
            .append(target.path("health").asText())
            .append(' ')
            .append(target.path("lastError").asText())
            .append('\n');
      }
      return out.isEmpty()
          ? "  (none yet: new targets take up to 5 s to appear)\n"
          : out.toString();
    } catch (AssertionError | UncheckedIOException e) {
      return "  (cannot list targets: " + e.getMessage() + ")\n";
    }
  }

  @Override
  public void close() {
    process.close();
  }

  private URI queryUri(String promql) {
    return uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** What to scrape and where to send alerts; everything but the targets has a default. */
  public static final class Builder {
    private Duration scrapeInterval = Duration.ofSeconds(1);
    private Duration evaluationInterval;
    private final Map<String, List<String>> jobs = new LinkedHashMap<>();
    private final List<Path> ruleFiles = new ArrayList<>();
    private final List<String> alertmanagers = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private String selfJob;

    private Builder() {}

    /** How often every target is scraped (and its timeout); default 1 s. */
    public Builder scrapeInterval(Duration interval) {
      this.scrapeInterval = interval;
      return this;
    }

    /** How often rules are evaluated; default the scrape interval. */
    public Builder evaluationInterval(Duration interval) {
      this.evaluationInterval = interval;
      return this;
    }

    /** A job scraping {@code /metrics} of each {@code host:port} target. */
    public Builder scrape(String job, String... targets) {
      jobs.computeIfAbsent(job, j -> new ArrayList<>()).addAll(List.of(targets));
      return this;
    }

    public Builder ruleFile(Path file) {
      ruleFiles.add(file.toAbsolutePath());
      return this;
    }

    /** An Alertmanager at {@code host:port} to send alerts to. */
    public Builder alertmanager(String address) {
      alertmanagers.add(address);
      return this;
    }

    /** A job scraping this Prometheus's own {@code /metrics} (its port is only known at start). */
    public Builder scrapeSelf(String job) {
      this.selfJob = job;
      return this;
    }

    /** An extra command-line flag, e.g. {@code --web.enable-admin-api}. */
    public Builder flag(String flag) {
      flags.add(flag);
      return this;
    }

    /**
     * Writes {@code dir/prometheus.yml}, starts Prometheus with its TSDB in {@code dir/data}, and
     * returns once {@code /-/ready} answers 200.
     */
    public PrometheusServer start(Path dir) {
      Path prometheus = Binaries.prometheus();
      int port = FreePort.pick();
      Path config = dir.resolve("prometheus.yml");
      try {
        Files.createDirectories(dir);
        if (selfJob != null) {
          scrape(selfJob, "127.0.0.1:" + port);
        }
        new YAMLMapper().writeValue(config.toFile(), config());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + config, e);
      }
      List<String> command = new ArrayList<>();
      command.add(prometheus.toString());
      command.add("--config.file=" + config);
      command.add("--storage.tsdb.path=" + dir.resolve("data"));
      command.add("--web.listen-address=127.0.0.1:" + port);
      command.add("--rules.alert.resend-delay=1s");
      command.addAll(flags);
      ManagedProcess process = Processes.start("prometheus", command, dir);
      try {
        process.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/-/ready"), STARTUP);
      } catch (AssertionError e) {
        process.close();
        throw e;
      }
      return new PrometheusServer(port, config, process);
    }

    private Map<String, Object> config() {
      Duration evaluation = evaluationInterval != null ? evaluationInterval : scrapeInterval;
      Map<String, Object> config = new LinkedHashMap<>();
      config.put(
          "global",
          Map.of(
              "scrape_interval", promDuration(scrapeInterval),
              "scrape_timeout", promDuration(scrapeInterval),
              "evaluation_interval", promDuration(evaluation)));
      if (!ruleFiles.isEmpty()) {
        config.put("rule_files", ruleFiles.stream().map(Path::toString).toList());
      }
      if (!alertmanagers.isEmpty()) {
        config.put(
            "alerting",
            Map.of(
                "alertmanagers",
                List.of(Map.of("static_configs", List.of(Map.of("targets", alertmanagers))))));
      }
      config.put(
          "scrape_configs",
          jobs.entrySet().stream()
              .map(
                  job ->
                      Map.of(
                          "job_name",
                          job.getKey(),
                          "static_configs",
                          List.of(Map.of("targets", job.getValue()))))
              .toList());
      return config;
    }

    private static String promDuration(Duration duration) {
      return duration.toMillis() + "ms";
    }
  }
}
