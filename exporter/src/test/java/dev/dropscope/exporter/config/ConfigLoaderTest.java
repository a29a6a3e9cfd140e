package dev.dropscope.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration error names the key's path, what was expected and what was found. */
class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  private void rejects(String yaml, String message) {
    assertThatThrownBy(() -> loader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Nested
  class Document {
    @Test
    void empty_file_means_every_default() {
      // Pattern has no equals(); the records' text shows every value.
      assertThat(loader.parse("")).hasToString(ExporterConfig.defaults().toString());
      assertThat(loader.parse("# only a comment\n"))
          .hasToString(ExporterConfig.defaults().toString());
    }

    @Test
    void defaults_listen_on_loopback_port_19100() {
      ServerConfig server = ExporterConfig.defaults().server();
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.port()).isEqualTo(19100);
    }

    @Test
    void rejects_unknown_top_level_key() {
      rejects(
          "sever:\n  port: 1\n",
          "sever: unknown key; expected one of collectors, health, host, ingest, journal, logging, packs,"
              + " security, server");
    }

    @Test
    void rejects_duplicate_key() {
      assertThatThrownBy(() -> loader.parse("server:\n  port: 1\n  port: 2\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("Duplicate field 'port'");
    }

    @Test
    void rejects_invalid_yaml_with_its_line() {
      assertThatThrownBy(() -> loader.parse("server: {port: 1\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "line 1, column 17: not valid YAML (while parsing a flow mapping;"
                  + " expected ',' or '}', but got <stream end>)");
    }

    @Test
    void rejects_a_list_where_a_mapping_is_expected() {
      rejects("server: [1, 2]\n", "server: expected a mapping of keys, found a list");
    }

    @Test
    void names_the_file_when_loading_fails(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("exporter.yml");
      Files.writeString(file, "server:\n  port: nope\n");
      assertThatThrownBy(() -> loader.load(file))
          .hasMessage(file + ": server.port: expected an integer, found 'nope'");
    }

    @Test
    void says_so_when_the_file_is_missing(@TempDir Path dir) {
      Path file = dir.resolve("missing.yml");
      assertThatThrownBy(() -> loader.load(file)).hasMessage("config file " + file + ": not found");
    }
  }

  @Nested
  class Server {
    @Test
    void binds_every_key() {
      ServerConfig s =
          loader
              .parse(
                  """
                  server:
                    host: 0.0.0.0
                    port: 9999
                    max_connections: 10
                    request_timeout: 3s
                    idle_timeout: 2m
                  """)
              .server();
      assertThat(s)
          .isEqualTo(
              new ServerConfig("0.0.0.0", 9999, 10, Duration.ofSeconds(3), Duration.ofMinutes(2)));
    }

    @Test
    void rejects_misspelt_key_listing_the_known_ones() {
      rejects(
          "server:\n  prot: 1\n",
          "server.prot: unknown key; expected one of host, idle_timeout, max_connections, port, request_timeout");
    }

    @Test
    void rejects_port_that_is_not_a_number() {
      rejects("server:\n  port: http\n", "server.port: expected an integer, found 'http'");
    }

    @Test
    void rejects_port_out_of_range() {
      rejects(
          "server:\n  port: 70000\n",
          "server.port: expected a TCP port from 0 to 65535, found 70000");
    }

    @Test
    void rejects_request_timeout_below_one_second() {
      rejects(
          "server:\n  request_timeout: 200ms\n",
          "server.request_timeout: expected at least 1s, found '200ms'");
    }
  }

  @Nested
  class Collectors {
    @Test
    void rejects_timeout_that_is_not_a_duration() {
      rejects(
          "collectors:\n  timeout: 5 sec\n",
          "collectors.timeout: expected a duration like 500ms, 5s, 1m, 2h or 7d, found '5 sec'");
    }

    @Test
    void rejects_timeout_above_a_minute() {
      rejects(
          "collectors:\n  timeout: 2m\n",
          "collectors.timeout: expected a duration from 10ms to 60s, found '2m'");
    }

    @Test
    void accepts_milliseconds() {
      assertThat(loader.parse("collectors:\n  timeout: 750ms\n").collectors().timeout())
          .isEqualTo(Duration.ofMillis(750));
    }
  }

  @Nested
  class Host {
    @Test
    void rejects_unknown_collector_by_index() {
      rejects(
          "host:\n  collectors: [cpu, cpuu]\n",
          "host.collectors[1]: expected one of cpu|diskstats|filesystem|loadavg|meminfo|netdev|stat|time|uname,"
              + " found 'cpuu'");
    }

    @Test
    void rejects_invalid_regular_expression() {
      rejects(
          "host:\n  filesystem:\n    mount_points_exclude: '^/(dev'\n",
          "host.filesystem.mount_points_exclude: expected a regular expression (Unclosed group at index 6),"
              + " found '^/(dev'");
    }

    @Test
    void custom_exclusions_replace_the_defaults() {
      HostConfig h = loader.parse("host:\n  netdev:\n    device_exclude: '^lo$'\n").host();
      assertThat(h.netdev().includes("lo")).isFalse();
      assertThat(h.netdev().includes("eth0")).isTrue();
    }

    @Test
    void enabled_must_be_a_boolean() {
      rejects("host:\n  enabled: maybe\n", "host.enabled: expected true or false, found 'maybe'");
    }
  }

  @Nested
  class Health {
    @Test
    void rejects_ratio_above_one() {
      rejects(
          "health:\n  system:\n    cpu_busy_ratio: 95\n",
          "health.system.cpu_busy_ratio: expected a ratio above 0 and at most 1, found 95.0");
    }
  }

  @Nested
  class Logging {
    @Test
    void rejects_unknown_level() {
      rejects(
          "logging:\n  level: verbose\n",
          "logging.level: expected trace|debug|info|warn|error, found 'verbose'");
    }

    @Test
    void rejects_unknown_format() {
      rejects("logging:\n  format: xml\n", "logging.format: expected json|text, found 'xml'");
    }

    @Test
    void level_is_case_insensitive() {
      assertThat(loader.parse("logging:\n  level: DEBUG\n").logging().level()).isEqualTo("debug");
    }
  }
}
