package dev.dropscope.etl.cli;

import dev.dropscope.etl.config.EtlConfig;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags every command takes; they override the configuration file. */
public final class ConnectionOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration (every key: docs/etl.md). Default: built-in defaults.")
  Path config;

  @Option(
      names = "--prometheus",
      paramLabel = "URL",
      description =
          "Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics)."
              + " Default: prometheus.url, else http://127.0.0.1:9090.")
  URI prometheus;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "PostgreSQL to load into, e.g. jdbc:postgresql://db:5432/dropscope (password from"
              + " DROPSCOPE_JDBC_PASSWORD or database.password_file). Default: an embedded"
              + " PostgreSQL under --data-dir.")
  String jdbcUrl;

  @Option(
      names = "--journal",
      paramLabel = "DIR",
      description =
          "The exporter's event journal directory. Default: journal.dir, else data/journal.")
  Path journal;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "The embedded PostgreSQL's data directory (without --jdbc-url)."
              + " Default: database.data_dir, else data/postgres.")
  Path dataDir;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "How much the ETL logs to standard error: trace, debug (each window's timings), info,"
              + " warn or error. Default: info.")
  LogLevel logLevel;

  /** The configuration file (or the defaults) with these flags applied. */
  public EtlConfig resolve() {
    EtlConfig c = config != null ? EtlConfig.load(config) : EtlConfig.defaults();
    return new EtlConfig(
        prometheus != null ? c.prometheus().withUrl(prometheus) : c.prometheus(),
        applyDatabase(c),
        journal != null ? c.journal().withDir(journal) : c.journal(),
        c.retention(),
        c.reader(),
        c.daemon(),
        c.sources());
  }

  private dev.dropscope.etl.config.DatabaseConfig applyDatabase(EtlConfig c) {
    var db = c.database();
    if (jdbcUrl != null) {
      db = db.withJdbcUrl(jdbcUrl);
    }
    if (dataDir != null) {
      db = db.withDataDir(dataDir);
    }
    return db;
  }
}
