package dev.dropscope.exporter;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.IngestConfig;
import dev.dropscope.exporter.config.StrictYaml;

/** The ingest bearer token: from {@code ingest.token_file}, else {@code DROPSCOPE_INGEST_TOKEN}. */
final class IngestToken {
  static final String ENV = "DROPSCOPE_INGEST_TOKEN";

  private IngestToken() {}

  /** The token, or null when none is configured (no auth). Never logged. */
  static String load(IngestConfig config) {
    String token;
    if (config.tokenFile() != null) {
      token = StrictYaml.readFile(config.tokenFile(), "ingest.token_file").strip();
      if (token.isEmpty()) {
        throw new ConfigException(
            "ingest.token_file " + config.tokenFile() + ": expected a token, found an empty file");
      }
      return token;
    }
    token = System.getenv(ENV);
    return token == null || token.isBlank() ? null : token.strip();
  }
}
