package dev.dropscope.rules.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.rules.RulesProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code alert-rules/generated/} is what the committed specs generate: regenerated
 * into a temp dir and compared file by file, so a spec change without regenerating fails here.
 */
class GeneratedFilesFreshnessTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void committed_generated_files_are_what_the_specs_generate(@TempDir Path tmp) throws IOException {
    Map<String, String> files = RulesProject.in(MODULE).load().files();
    Generator.write(tmp, files);
    Path committed = MODULE.resolve("generated");
    List<String> stale = Generator.stale(committed, files);
    assertThat(stale)
        .as(
            "alert-rules/generated/ is stale (fresh output in %s); from the repository root run:%n"
                + "  ./mvnw -q package -DskipTests -pl alert-rules -am && %s%nthen review and commit"
                + " the diff",
            tmp, Generator.REGENERATE)
        .isEmpty();
    for (String path : files.keySet()) {
      assertThat(Files.readString(committed.resolve(path)))
          .isEqualTo(Files.readString(tmp.resolve(path)));
    }
  }
}
