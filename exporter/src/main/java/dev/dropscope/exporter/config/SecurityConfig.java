package dev.dropscope.exporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * TLS for the listener and basic auth for {@code /metrics}; both off by default. Secrets are read
 * from files, never written in the configuration itself. The ingest token lives under {@code
 * ingest.token_file}.
 */
public record SecurityConfig(
    Tls tls, @JsonProperty("metrics_basic_auth") BasicAuth metricsBasicAuth) {

  public SecurityConfig {
    tls = tls != null ? tls : new Tls(null, null, null, null);
    metricsBasicAuth = metricsBasicAuth != null ? metricsBasicAuth : new BasicAuth(null, null);
  }

  public static SecurityConfig defaults() {
    return new SecurityConfig(null, null);
  }

  /**
   * HTTPS: either a PEM certificate chain and PKCS#8 key, or a PKCS#12 keystore with its password
   * in a file. None of them: plain HTTP.
   */
  public record Tls(
      @JsonProperty("cert_file") Path certFile,
      @JsonProperty("key_file") Path keyFile,
      @JsonProperty("keystore_file") Path keystoreFile,
      @JsonProperty("keystore_password_file") Path keystorePasswordFile) {

    public Tls {
      boolean pem = certFile != null || keyFile != null;
      boolean keystore = keystoreFile != null || keystorePasswordFile != null;
      if (pem && keystore) {
        throw ConfigException.invalid(
            "tls",
            "either cert_file and key_file, or keystore_file and keystore_password_file",
            "both");
      }
      if (pem && (certFile == null || keyFile == null)) {
        throw ConfigException.invalid(
            certFile == null ? "cert_file" : "key_file",
            "a PEM file (cert_file and key_file go together)",
            null);
      }
      if (keystore && (keystoreFile == null || keystorePasswordFile == null)) {
        throw ConfigException.invalid(
            keystoreFile == null ? "keystore_file" : "keystore_password_file",
            "a file (keystore_file and keystore_password_file go together)",
            null);
      }
    }

    public boolean enabled() {
      return certFile != null || keystoreFile != null;
    }
  }

  /** One user Prometheus authenticates as on {@code /metrics}. */
  public record BasicAuth(String username, @JsonProperty("password_file") Path passwordFile) {

    public BasicAuth {
      if ((username == null) != (passwordFile == null)) {
        throw ConfigException.invalid(
            username == null ? "username" : "password_file",
            "a value (username and password_file go together)",
            null);
      }
      if (username != null && (username.isBlank() || username.contains(":"))) {
        throw ConfigException.invalid(
            "metrics_basic_auth.username", "a name without ':'", username);
      }
    }

    public boolean enabled() {
      return username != null;
    }
  }
}
