package dev.dropscope.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code compose/prometheus/prometheus.yml} parsed: its jobs, Alertmanagers and rule files. */
record PrometheusConfig(
    String scrapeInterval,
    Map<String, List<String>> jobs,
    List<String> alertmanagers,
    List<String> ruleFiles) {

  static final Path FILE = Repo.COMPOSE.resolve("prometheus/prometheus.yml");

  static PrometheusConfig load() {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(FILE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + FILE, e);
    }
    Map<String, List<String>> jobs = new LinkedHashMap<>();
    for (JsonNode job : root.path("scrape_configs")) {
      List<String> targets = new ArrayList<>();
      job.path("static_configs")
          .forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText())));
      jobs.put(job.path("job_name").asText(), targets);
    }
    List<String> alertmanagers = new ArrayList<>();
    root.path("alerting")
        .path("alertmanagers")
        .forEach(
            am ->
                am.path("static_configs")
                    .forEach(sc -> sc.path("targets").forEach(t -> alertmanagers.add(t.asText()))));
    return new PrometheusConfig(
        root.path("global").path("scrape_interval").asText(),
        jobs,
        alertmanagers,
        ComposeFile.strings(root.path("rule_files")));
  }

  /** The only target of {@code job}; fails when the job is missing or has several. */
  String target(String job) {
    List<String> targets = jobs.get(job);
    if (targets == null || targets.size() != 1) {
      throw new AssertionError(
          "expected one target for job " + job + " in " + FILE + ", found " + targets);
    }
    return targets.getFirst();
  }
}
