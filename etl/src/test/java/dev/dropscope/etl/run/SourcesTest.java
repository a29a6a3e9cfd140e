package dev.dropscope.etl.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.etl.Main;
import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.exporter.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which sources sync catches up: the {@code sources} key and {@code sync --only}. */
class SourcesTest {
  private static List<String> names(EtlConfig config) {
    return Sources.of(config).stream().map(Source::name).toList();
  }

  @Test
  void the_journal_is_caught_up_by_default() {
    assertThat(EtlConfig.defaults().sources()).isEqualTo(EtlConfig.SOURCES);
    assertThat(names(EtlConfig.defaults())).contains("journal");
  }

  @Test
  void a_source_left_out_of_the_list_is_not_caught_up() {
    assertThat(names(EtlConfig.defaults().withSources(List.of("journal"))))
        .containsExactly("journal");
    assertThat(names(EtlConfig.defaults().withSources(List.of("prometheus"))))
        .doesNotContain("journal");
  }

  @Nested
  class SourcesKey {
    @Test
    void takes_a_list_of_source_names(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("etl.yml");
      Files.writeString(file, "sources: [journal]\n");

      assertThat(EtlConfig.load(file).sources()).containsExactly("journal");
    }

    @Test
    void rejects_an_unknown_name_saying_which_are_known(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("etl.yml");
      Files.writeString(file, "sources: [journal, jurnal]\n");

      assertThatThrownBy(() -> EtlConfig.load(file))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("sources[1]: expected one of prometheus|journal, found 'jurnal'");
    }

    @Test
    void rejects_an_empty_list() {
      assertThatThrownBy(() -> EtlConfig.defaults().withSources(List.of()))
          .hasMessageContaining("sources: expected at least one of prometheus|journal");
    }
  }

  @Test
  void sync_only_with_an_unknown_source_is_a_usage_error(@TempDir Path dir) {
    int code =
        Main.run(
            "sync",
            "--only",
            "nope",
            "--journal",
            dir.resolve("journal").toString(),
            "--data-dir",
            dir.resolve("pg").toString());

    assertThat(code).isEqualTo(2);
  }
}
