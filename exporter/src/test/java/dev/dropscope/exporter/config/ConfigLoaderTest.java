package dev.dropscope.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
          "sever: unknown key; expected one of collectors, components, health, host, ingest, journal,"
              + " logging, packs, security, server");
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

  @Nested
  class Components {
    private static final String TWO_GOOD =
        """
        components:
          - name: trader
            url: http://127.0.0.1:8080/health
          - name: scheduler
            url: https://scheduler.internal/status
        """;

    private ComponentConfig only(String entry) {
      return loader.parse("components:\n" + entry).components().getFirst();
    }

    @Test
    void none_by_default() {
      assertThat(ExporterConfig.defaults().components()).isEmpty();
    }

    @Test
    void a_component_with_only_name_and_url_takes_every_default() {
      ComponentConfig c = loader.parse(TWO_GOOD).components().getFirst();
      assertThat(c)
          .isEqualTo(
              new ComponentConfig(
                  "trader",
                  "http://127.0.0.1:8080/health",
                  Duration.ofSeconds(15),
                  Duration.ofSeconds(2),
                  List.of("2xx"),
                  Map.of()));
    }

    @Test
    void binds_every_key() {
      ComponentConfig c =
          only(
              """
                - name: gateway
                  url: https://gateway.internal:8443/status
                  interval: 30s
                  timeout: 500ms
                  expect_status: [200, 3XX]
                  headers:
                    Authorization: Bearer s3cret
              """);
      assertThat(c)
          .isEqualTo(
              new ComponentConfig(
                  "gateway",
                  "https://gateway.internal:8443/status",
                  Duration.ofSeconds(30),
                  Duration.ofMillis(500),
                  List.of("200", "3xx"),
                  Map.of("Authorization", "Bearer s3cret")));
    }

    @Test
    void a_single_expected_status_need_not_be_a_list() {
      ComponentConfig c = only("  - {name: a, url: 'http://h/', expect_status: 204}\n");
      assertThat(c.expectStatus()).containsExactly("204");
      assertThat(c.expects(204)).isTrue();
      assertThat(c.expects(200)).isFalse();
    }

    @Test
    void a_status_class_matches_every_code_in_it() {
      ComponentConfig c = ComponentConfig.of("a", "http://h/");
      assertThat(c.expects(200)).isTrue();
      assertThat(c.expects(299)).isTrue();
      assertThat(c.expects(301)).isFalse();
      assertThat(c.expects(500)).isFalse();
    }

    @Test
    void rejects_a_url_without_a_scheme_by_index() {
      rejects(
          TWO_GOOD + "  - name: risk\n    url: localhost:8080\n",
          "components[2].url: expected an http(s) URL, found 'localhost:8080'");
    }

    @Test
    void rejects_a_url_of_another_scheme() {
      rejects(
          "components:\n  - {name: a, url: 'ftp://host/health'}\n",
          "components[0].url: expected an http(s) URL, found 'ftp://host/health'");
    }

    @Test
    void rejects_a_missing_url() {
      rejects(
          "components:\n  - name: trader\n",
          "components[0].url: expected an http(s) URL, found nothing");
    }

    @Test
    void rejects_a_missing_name() {
      rejects(
          "components:\n  - url: http://h/\n",
          "components[0].name: expected a short name of letters, digits, '_', '.' and '-' (at most"
              + " 63, starting with a letter or digit), found nothing");
    }

    @Test
    void rejects_a_name_that_is_not_a_short_identifier() {
      rejects(
          "components:\n  - {name: risk manager, url: 'http://h/'}\n",
          "components[0].name: expected a short name of letters, digits, '_', '.' and '-' (at most"
              + " 63, starting with a letter or digit), found 'risk manager'");
    }

    @Test
    void rejects_a_name_used_twice_naming_both_entries() {
      rejects(
          TWO_GOOD + "  - name: trader\n    url: http://127.0.0.1:9090/health\n",
          "components[2].name: expected a name no other component has, found 'trader'"
              + " (components[0] has it too)");
    }

    @Test
    void rejects_a_timeout_not_below_the_interval() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', interval: 5s, timeout: 5s}\n",
          "components[0].timeout: expected a duration from 10ms to less than the interval (5s),"
              + " found '5s'");
    }

    @Test
    void rejects_an_interval_below_a_second() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', interval: 500ms, timeout: 100ms}\n",
          "components[0].interval: expected a duration from 1s to 1h, found '500ms'");
    }

    @Test
    void rejects_an_interval_that_is_not_a_duration() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', interval: often}\n",
          "components[0].interval: expected a duration like 500ms, 5s, 1m, 2h or 7d, found 'often'");
    }

    @Test
    void rejects_an_expected_status_that_is_not_a_status_by_index() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', expect_status: [200, 6xx]}\n",
          "components[0].expect_status[1]: expected an HTTP status like 200 or a class like 2xx"
              + " (100 to 599), found '6xx'");
    }

    @Test
    void rejects_an_empty_list_of_expected_statuses() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', expect_status: []}\n",
          "components[0].expect_status: expected at least one status like 200 or class like 2xx,"
              + " found '[]'");
    }

    @Test
    void rejects_a_header_the_http_client_sets_itself() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', headers: {Host: example.org}}\n",
          "components[0].headers: expected header names the HTTP client may send (not connection,"
              + " content-length, expect, host, upgrade), found 'Host'");
    }

    @Test
    void rejects_a_header_value_with_a_line_break_without_showing_the_value() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', headers: {Authorization: \"s3\\ncret\"}}\n",
          "components[0].headers.Authorization: expected a one-line header value, found a line"
              + " break");
    }

    @Test
    void rejects_an_unknown_key_listing_the_known_ones() {
      rejects(
          "components:\n  - {name: a, url: 'http://h/', intervall: 5s}\n",
          "components[0].intervall: unknown key; expected one of expect_status, headers, interval,"
              + " name, timeout, url");
    }

    @Test
    void rejects_a_mapping_where_the_list_belongs() {
      rejects(
          "components:\n  trader: http://h/\n",
          "components: expected a list, found a mapping of keys");
    }

    @Test
    void header_values_never_show_in_the_configuration_text() {
      ComponentConfig c =
          only("  - {name: a, url: 'http://h/', headers: {Authorization: Bearer s3cret}}\n");
      assertThat(c.toString()).contains("headers=[Authorization]").doesNotContain("s3cret");
    }
  }
}
