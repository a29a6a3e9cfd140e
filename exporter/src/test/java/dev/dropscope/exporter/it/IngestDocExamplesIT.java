package dev.dropscope.exporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.Packs;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.Http;
import dev.dropscope.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/ingest.md shows works against the real exporter jar: every example event is accepted,
 * and every curl example prints the answer the page shows under it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestDocExamplesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private ExporterProcess exporter;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    exporter = AllPacksExporter.start(dir);
  }

  @AfterAll
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void there_is_one_example_for_every_event_type_of_the_built_in_packs() throws Exception {
    List<String> types = new ArrayList<>();
    for (String example : IngestDoc.exampleEvents()) {
      types.add(JSON.readTree(example).path("type").asText());
    }

    assertThat(types)
        .containsExactlyElementsOf(
            Packs.load(Packs.BUILT_IN, null).events().stream().map(Pack.EventType::type).toList());
  }

  @Test
  void every_example_event_is_accepted_without_warnings() throws Exception {
    for (String example : IngestDoc.exampleEvents()) {
      Http.Response r =
          Http.post(
              exporter.uri("/api/v1/events"),
              "application/json",
              example,
              "Authorization",
              "Bearer " + AllPacksExporter.TOKEN);

      assertThat(r.status()).as("POST %s answered %s", example, r.body()).isEqualTo(202);
      JsonNode answer = JSON.readTree(r.body());
      assertThat(answer.path("accepted").asInt()).as(r.body()).isEqualTo(1);
      assertThat(answer.has("warnings")).as("warnings for %s: %s", example, r.body()).isFalse();
    }
  }

  @Test
  void every_curl_example_prints_the_answer_shown_under_it() {
    Binaries.curl();
    List<IngestDoc.ShellExample> examples = IngestDoc.curlExamples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    for (IngestDoc.ShellExample example : examples) {
      String script =
          "set -eu\ncd '%s'\nURL='http://%s'\nTOKEN='%s'\n%s\n"
              .formatted(dir, exporter.address(), AllPacksExporter.TOKEN, example.commands());

      Processes.Result run =
          Processes.run(List.of("bash", "-c", script), "", Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.stdout().strip()).as(run.describe()).isEqualTo(example.output());
    }
  }
}
