package dev.dropscope.exporter.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole exporter configuration, bound from YAML. Every section is optional; a missing section
 * takes the defaults documented in {@code docs/configuration.md}.
 *
 * @param components bot components whose health URLs are probed; none by default. Names are unique.
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
    List<ComponentConfig> components,
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
    components = components != null ? List.copyOf(components) : List.of();
    requireUniqueNames(components);
    security = security != null ? security : SecurityConfig.defaults();
  }

  /** The built-in configuration the exporter runs on when no file is given. */
  public static ExporterConfig defaults() {
    return new ExporterConfig(null, null, null, null, null, null, null, null, null, null);
  }

  public ExporterConfig withServer(ServerConfig newServer) {
    return new ExporterConfig(
        newServer, collectors, host, health, logging, packs, ingest, journal, components, security);
  }

  public ExporterConfig withLogging(LoggingConfig newLogging) {
    return new ExporterConfig(
        server, collectors, host, health, newLogging, packs, ingest, journal, components, security);
  }

  public ExporterConfig withJournal(JournalConfig newJournal) {
    return new ExporterConfig(
        server, collectors, host, health, logging, packs, ingest, newJournal, components, security);
  }

  public ExporterConfig withComponents(List<ComponentConfig> newComponents) {
    return new ExporterConfig(
        server, collectors, host, health, logging, packs, ingest, journal, newComponents, security);
  }

  private static void requireUniqueNames(List<ComponentConfig> components) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < components.size(); i++) {
      Integer first = seen.putIfAbsent(components.get(i).name(), i);
      if (first != null) {
        throw new ConfigException(
            ConfigException.invalid(
                        "components[" + i + "].name",
                        "a name no other component has",
                        components.get(i).name())
                    .getMessage()
                + " (components["
                + first
                + "] has it too)");
      }
    }
  }
}
