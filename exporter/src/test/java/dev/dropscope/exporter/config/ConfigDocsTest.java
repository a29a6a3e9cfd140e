package dev.dropscope.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md shows the real defaults: its full example parses to exactly them. */
class ConfigDocsTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void documented_full_file_parses_to_the_built_in_defaults() throws Exception {
    Matcher block =
        Pattern.compile("## The whole file with its defaults.*?```yaml\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(DOC));
    assertThat(block.find()).as("yaml block in %s", DOC).isTrue();
    ExporterConfig documented = new ConfigLoader().parse(block.group(1));
    assertThat(documented).hasToString(ExporterConfig.defaults().toString());
  }

  @Test
  void every_key_of_the_full_file_has_a_row_in_a_table() throws Exception {
    String doc = Files.readString(DOC);
    for (String key :
        new String[] {
          "server.host",
          "server.port",
          "server.max_connections",
          "server.request_timeout",
          "server.idle_timeout",
          "collectors.timeout",
          "host.enabled",
          "host.collectors",
          "host.filesystem.mount_points_exclude",
          "host.filesystem.fs_types_exclude",
          "host.diskstats.device_exclude",
          "host.netdev.device_exclude",
          "health.system.cpu_busy_ratio",
          "health.system.memory_used_ratio",
          "health.system.disk_used_ratio",
          "logging.level",
          "logging.format",
          "packs.builtin",
          "packs.directory",
          "ingest.max_body_bytes",
          "ingest.max_events",
          "ingest.max_series_total",
          "ingest.silence_after",
          "ingest.dedup_window",
          "ingest.dedup_max_ids",
          "ingest.token_file",
          "journal.dir",
          "journal.segment_bytes",
          "journal.retention",
          "journal.max_bytes",
          "journal.fsync",
          "security.tls.cert_file",
          "security.tls.key_file",
          "security.tls.keystore_file",
          "security.tls.keystore_password_file",
          "security.metrics_basic_auth.username",
          "security.metrics_basic_auth.password_file",
          "components",
          "components[].name",
          "components[].url",
          "components[].interval",
          "components[].timeout",
          "components[].expect_status",
          "components[].headers"
        }) {
      assertThat(doc).as("row for %s", key).contains("| `" + key + "` |");
    }
  }
}
