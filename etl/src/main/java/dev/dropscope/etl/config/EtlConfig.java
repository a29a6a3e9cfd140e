package dev.dropscope.etl.config;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.StrictYaml;
import java.nio.file.Path;

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
 */
public record EtlConfig(
    PrometheusConfig prometheus,
    DatabaseConfig database,
    JournalSourceConfig journal,
    RetentionConfig retention,
    ReaderConfig reader,
    DaemonConfig daemon) {

  public EtlConfig {
    prometheus = prometheus != null ? prometheus : PrometheusConfig.defaults();
    database = database != null ? database : DatabaseConfig.defaults();
    journal = journal != null ? journal : JournalSourceConfig.defaults();
    retention = retention != null ? retention : RetentionConfig.defaults();
    reader = reader != null ? reader : ReaderConfig.defaults();
    daemon = daemon != null ? daemon : DaemonConfig.defaults();
  }

  public static EtlConfig defaults() {
    return new EtlConfig(null, null, null, null, null, null);
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
