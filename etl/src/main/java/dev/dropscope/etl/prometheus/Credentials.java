package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.config.PrometheusConfig;
import dev.dropscope.exporter.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The {@code Authorization} header for the configured credentials: a bearer token or basic auth.
 * Secret files are read on every request, so a rotated token (a Kubernetes service account's) is
 * picked up without a restart.
 */
record Credentials(Path bearerTokenFile, String username, Path passwordFile) {
  static Credentials of(PrometheusConfig config) {
    return new Credentials(config.bearerTokenFile(), config.username(), config.passwordFile());
  }

  /** The header's value, or {@code null} without credentials. */
  String header() {
    if (bearerTokenFile != null) {
      return "Bearer " + secret(bearerTokenFile, "prometheus.bearer_token_file");
    }
    if (username != null) {
      String pair = username + ":" + secret(passwordFile, "prometheus.password_file");
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  /** The file's first line, trimmed. */
  private static String secret(Path file, String key) {
    try {
      String text = Files.readString(file).strip();
      if (text.isEmpty()) {
        throw new ConfigException(key + ": " + file + " is empty; expected the secret");
      }
      return text.lines().findFirst().orElseThrow().strip();
    } catch (NoSuchFileException e) {
      throw new ConfigException(key + ": " + file + " not found");
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot read " + file + " (" + e.getMessage() + ")");
    }
  }
}
