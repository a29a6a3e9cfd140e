package dev.dropscope.exporter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The committed generated docs are what {@link GeneratedDocs} renders from today's packs,
 * templates, examples and Python client. With {@code -Ddocs.update=true} the test rewrites them
 * instead; review the diff, then commit.
 */
class GeneratedDocsTest {
  private static final Path REPO = Path.of("..");
  private static Map<String, String> rendered;

  @BeforeAll
  static void render() throws IOException {
    rendered = GeneratedDocs.render(REPO);
    if (Boolean.getBoolean("docs.update")) {
      for (var file : rendered.entrySet()) {
        Files.writeString(REPO.resolve(file.getKey()), file.getValue());
      }
    }
  }

  @ParameterizedTest
  @FieldSource("dev.dropscope.exporter.docs.GeneratedDocs#FILES")
  void committed_file_equals_what_the_generator_renders(String file) throws IOException {
    Path path = REPO.resolve(file);
    assertThat(Files.exists(path))
        .as("%s is missing; generate it: %s", file, GeneratedDocs.REGENERATE)
        .isTrue();
    String committed = Files.readString(path);
    String generated = rendered.get(file);

    assertThat(committed.equals(generated))
        .as(
            "%s is stale; regenerate it and review the diff: %s%n%s",
            file, GeneratedDocs.REGENERATE, firstDifference(committed, generated))
        .isTrue();
  }

  /** The first line where the two texts differ, instead of both pages in full. */
  static String firstDifference(String committed, String generated) {
    List<String> a = committed.lines().toList();
    List<String> b = generated.lines().toList();
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return "first difference at line %d:%n  committed: %s%n  generated: %s"
        .formatted(
            i + 1,
            i < a.size() ? a.get(i) : "(end of file)",
            i < b.size() ? b.get(i) : "(end of file)");
  }
}
