package dev.dropscope.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code dashboards/*.json} are what the model generates: regenerated into a temp dir
 * and compared file by file. After a deliberate change run with {@code -Ddashboards.update=true}
 * and review the diff.
 */
class GeneratedDashboardsTest {

  @Test
  void committed_dashboards_are_what_the_model_generates(@TempDir Path tmp) throws IOException {
    SortedMap<String, String> files = GeneratedDashboards.files();
    if (Boolean.getBoolean("dashboards.update")) {
      GeneratedDashboards.write(Module.DASHBOARDS, files);
    }
    GeneratedDashboards.write(tmp, files);
    assertThat(GeneratedDashboards.stale(Module.DASHBOARDS, files))
        .as(
            "%s is stale (fresh output in %s); regenerate with%n  %s%nthen review and commit the"
                + " diff",
            GeneratedDashboards.DIRECTORY, tmp, GeneratedDashboards.REGENERATE)
        .isEmpty();
    for (String name : files.keySet()) {
      assertThat(Files.readString(Module.DASHBOARDS.resolve(name)))
          .isEqualTo(Files.readString(tmp.resolve(name)));
    }
  }

  @Test
  void generating_twice_gives_the_same_bytes() {
    assertThat(GeneratedDashboards.files()).isEqualTo(GeneratedDashboards.files());
  }

  @Test
  void stale_names_changed_missing_and_orphaned_files(@TempDir Path dir) throws IOException {
    SortedMap<String, String> files = GeneratedDashboards.files();
    GeneratedDashboards.write(dir, files);
    String first = files.firstKey();
    String last = files.lastKey();
    Files.writeString(dir.resolve(first), "{}\n");
    Files.delete(dir.resolve(last));
    Files.writeString(dir.resolve("dropscope-gone.json"), "{}\n");

    assertThat(GeneratedDashboards.stale(dir, files))
        .containsExactly(
            first + " (differs)",
            "dropscope-gone.json (no dashboard has this uid any more)",
            last + " (missing)");
  }
}
