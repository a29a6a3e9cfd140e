package dev.dropscope.exporter.config;

import java.nio.file.Path;

/**
 * Binds a YAML file to {@link ExporterConfig}, strictly: unknown keys, duplicate keys and values of
 * the wrong type are rejected with a {@link ConfigException} naming the key's path.
 */
public final class ConfigLoader {
  private final StrictYaml yaml = new StrictYaml();

  /** Loads a file; a missing or unreadable file is a {@link ConfigException} too. */
  public ExporterConfig load(Path file) {
    String text = StrictYaml.readFile(file, "config file");
    try {
      return parse(text);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  /** Parses YAML text; an empty document means every default. */
  public ExporterConfig parse(String text) {
    ExporterConfig config = yaml.read(text, ExporterConfig.class);
    return config != null ? config : ExporterConfig.defaults();
  }
}
