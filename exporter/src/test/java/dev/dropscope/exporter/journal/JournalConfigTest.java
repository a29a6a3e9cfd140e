package dev.dropscope.exporter.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.JournalConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code journal} section: its defaults and every rejection, by key. */
class JournalConfigTest {

  @Test
  void defaults_keep_30_days_up_to_10_GiB_in_64_MiB_segments_under_data_journal() {
    JournalConfig config = JournalConfig.defaults();

    assertThat(config.dir()).isEqualTo(Path.of("data/journal"));
    assertThat(config.segmentBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.maxBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
    assertThat(config.fsync()).isTrue();
  }

  @Test
  void the_journal_flag_replaces_only_the_directory() {
    JournalConfig config =
        new JournalConfig(null, 1L << 20, Duration.ofDays(1), 1L << 30, false)
            .withDir(Path.of("/var/lib/dropscope/journal"));

    assertThat(config)
        .isEqualTo(
            new JournalConfig(
                Path.of("/var/lib/dropscope/journal"),
                1L << 20,
                Duration.ofDays(1),
                1L << 30,
                false));
  }

  @Nested
  class SegmentBytes {
    @Test
    void rejects_less_than_64_KiB() {
      assertThatThrownBy(() -> new JournalConfig(null, 1024L, null, null, null))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "segment_bytes: expected a size from 64KiB to 1GiB (65536 to 1073741824),"
                  + " found 1024");
    }

    @Test
    void rejects_more_than_1_GiB() {
      assertThatThrownBy(() -> new JournalConfig(null, 2L << 30, null, null, null))
          .hasMessage(
              "segment_bytes: expected a size from 64KiB to 1GiB (65536 to 1073741824),"
                  + " found 2147483648");
    }

    @Test
    void binds_binary_units_and_plain_integers_from_yaml() throws Exception {
      JournalConfig config = yaml("segment_bytes: 128KiB\nmax_bytes: 2GiB\n", JournalConfig.class);
      JournalConfig plain = yaml("segment_bytes: 65536\n", JournalConfig.class);

      assertThat(config.segmentBytes()).isEqualTo(128L << 10);
      assertThat(config.maxBytes()).isEqualTo(2L << 30);
      assertThat(plain.segmentBytes()).isEqualTo(65536);
    }

    @Test
    void rejects_decimal_units_naming_the_forms_it_takes() {
      assertThatThrownBy(() -> yaml("segment_bytes: 64MB\n", JournalConfig.class))
          .isInstanceOf(JsonMappingException.class)
          .hasMessageStartingWith("expected a size in bytes like 65536, 64KiB, 64MiB or 10GiB");
    }
  }

  @Nested
  class Retention {
    @Test
    void rejects_less_than_a_minute() {
      assertThatThrownBy(() -> new JournalConfig(null, null, Duration.ofSeconds(30), null, null))
          .hasMessage("retention: expected at least 1m, found '30s'");
    }
  }

  @Nested
  class MaxBytes {
    @Test
    void rejects_less_than_one_segment() {
      assertThatThrownBy(() -> new JournalConfig(null, 1L << 20, null, 1000L, null))
          .hasMessage("max_bytes: expected at least segment_bytes (1048576), found 1000");
    }
  }

  @Nested
  class Dir {
    @Test
    void rejects_an_empty_path() {
      assertThatThrownBy(() -> new JournalConfig(Path.of(""), null, null, null, null))
          .hasMessage("dir: expected a directory path, found ''");
    }

    @Test
    void binds_a_path_from_yaml() throws Exception {
      assertThat(yaml("dir: /var/lib/dropscope/journal\n", JournalConfig.class).dir())
          .isEqualTo(Path.of("/var/lib/dropscope/journal"));
    }
  }

  private static <T> T yaml(String text, Class<T> type) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readValue(text, type);
  }
}
