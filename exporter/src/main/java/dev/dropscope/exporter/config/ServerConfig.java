package dev.dropscope.exporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The HTTP listener.
 *
 * @param host address to bind; {@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface
 * @param port TCP port; 19100 by default (outside Prometheus' fully allocated 9100-9999 range)
 * @param maxConnections open connections at most, and so requests in flight at most; further
 *     connections are refused
 * @param requestTimeout time a client has to send a whole request
 * @param idleTimeout time a keep-alive connection may sit idle before it is closed
 */
public record ServerConfig(
    String host,
    Integer port,
    @JsonProperty("max_connections") Integer maxConnections,
    @JsonProperty("request_timeout") Duration requestTimeout,
    @JsonProperty("idle_timeout") Duration idleTimeout) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 19100;

  public ServerConfig {
    host = host != null ? host : DEFAULT_HOST;
    port = port != null ? port : DEFAULT_PORT;
    maxConnections = maxConnections != null ? maxConnections : 256;
    requestTimeout = requestTimeout != null ? requestTimeout : Duration.ofSeconds(10);
    idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofSeconds(60);
    if (host.isBlank()) {
      throw ConfigException.invalid("host", "an IP address or host name", host);
    }
    if (port < 0 || port > 65535) {
      throw ConfigException.invalid("port", "a TCP port from 0 to 65535", port);
    }
    if (maxConnections < 1) {
      throw ConfigException.invalid("max_connections", "a positive number", maxConnections);
    }
    if (requestTimeout.toSeconds() < 1) {
      throw ConfigException.invalid(
          "request_timeout", "at least 1s", Durations.format(requestTimeout));
    }
    if (idleTimeout.toSeconds() < 1) {
      throw ConfigException.invalid("idle_timeout", "at least 1s", Durations.format(idleTimeout));
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null);
  }

  public ServerConfig withAddress(String newHost, Integer newPort) {
    return new ServerConfig(
        newHost != null ? newHost : host,
        newPort != null ? newPort : port,
        maxConnections,
        requestTimeout,
        idleTimeout);
  }
}
