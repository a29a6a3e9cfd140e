package dev.dropscope.etl.config;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.StrictYaml;
import java.nio.file.Path;
import java.util.List;

/**
 * The ETL's configuration: a YAML file ({@code --config FILE}), every key optional. Flags override
 * it. Every key, its default and its meaning: {@code docs/etl.md}.
 *
 * @param prometheus where samples come from, and which
 * @param database where they go: an external PostgreSQL, or the embedded one
 * @param journal the exporter's event journal
 * @param retention how long raw samples and rollups are kept by {@code prune}
 * @param reader the read-only role Grafana and reports use
 * @param daemon the {@code daemon} command's schedule and metrics endpoint
 * @param sources the sources {@code sync} and {@code daemon} catch up ({@code [prometheus,
 *     journal]}); {@code sync --only} overrides it
 */
public record EtlConfig(
    PrometheusConfig prometheus,
    DatabaseConfig database,
    JournalSourceConfig journal,
    RetentionConfig retention,
    ReaderConfig reader,
    DaemonConfig daemon,
    List<String> sources) {

  /** Every source there is, by name, in the order they are caught up. */
  public static final List<String> SOURCES = List.of("prometheus", "journal");

  public EtlConfig {
    prometheus = prometheus != null ? prometheus : PrometheusConfig.defaults();
    database = database != null ? database : DatabaseConfig.defaults();
    journal = journal != null ? journal : JournalSourceConfig.defaults();
    retention = retention != null ? retention : RetentionConfig.defaults();
    reader = reader != null ? reader : ReaderConfig.defaults();
    daemon = daemon != null ? daemon : DaemonConfig.defaults();
    sources = sources != null ? List.copyOf(sources) : SOURCES;
    if (sources.isEmpty()) {
      throw ConfigException.invalid(
          "sources", "at least one of " + String.join("|", SOURCES), "[]");
    }
    for (int i = 0; i < sources.size(); i++) {
      if (!SOURCES.contains(sources.get(i))) {
        throw ConfigException.invalid(
            "sources[" + i + "]", "one of " + String.join("|", SOURCES), sources.get(i));
      }
    }
  }

  public static EtlConfig defaults() {
    return new EtlConfig(null, null, null, null, null, null, null);
  }

  /** This configuration catching up only {@code names}, as {@code sync --only} sets it. */
  public EtlConfig withSources(List<String> names) {
    return new EtlConfig(prometheus, database, journal, retention, reader, daemon, names);
  }

  /**
   * Reads a configuration file.
   *
   * @throws ConfigException naming the file, the key's path, what was expected and what was found
   */
  public static EtlConfig load(Path file) {
    String text = StrictYaml.readFile(file, "ETL configuration");
    try {
      EtlConfig config = new StrictYaml().read(text, EtlConfig.class);
      return config != null ? config : defaults();
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }
}
