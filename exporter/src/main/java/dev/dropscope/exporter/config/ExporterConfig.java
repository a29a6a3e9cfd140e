package dev.dropscope.exporter.config;

/**
 * The whole exporter configuration, bound from YAML. Every section is optional; a missing section
 * takes the defaults documented in {@code docs/configuration.md}.
 */
public record ExporterConfig(
    ServerConfig server,
    CollectorsConfig collectors,
    HostConfig host,
    HealthConfig health,
    LoggingConfig logging,
    PacksConfig packs,
    IngestConfig ingest,
    JournalConfig journal,
    SecurityConfig security) {

  public ExporterConfig {
    server = server != null ? server : ServerConfig.defaults();
    collectors = collectors != null ? collectors : CollectorsConfig.defaults();
    host = host != null ? host : HostConfig.defaults();
    health = health != null ? health : HealthConfig.defaults();
    logging = logging != null ? logging : LoggingConfig.defaults();
    packs = packs != null ? packs : PacksConfig.defaults();
    ingest = ingest != null ? ingest : IngestConfig.defaults();
    journal = journal != null ? journal : JournalConfig.defaults();
    security = security != null ? security : SecurityConfig.defaults();
  }

  /** The built-in configuration the exporter runs on when no file is given. */
  public static ExporterConfig defaults() {
    return new ExporterConfig(null, null, null, null, null, null, null, null, null);
  }

  public ExporterConfig withServer(ServerConfig newServer) {
    return new ExporterConfig(
        newServer, collectors, host, health, logging, packs, ingest, journal, security);
  }

  public ExporterConfig withLogging(LoggingConfig newLogging) {
    return new ExporterConfig(
        server, collectors, host, health, newLogging, packs, ingest, journal, security);
  }

  public ExporterConfig withJournal(JournalConfig newJournal) {
    return new ExporterConfig(
        server, collectors, host, health, logging, packs, ingest, newJournal, security);
  }
}
