package dev.dropscope.exporter.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dropscope.exporter.config.Durations;
import dev.dropscope.exporter.config.JournalConfig;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/journal.md shows what the code does: its example line, its defaults, its metrics. */
class JournalDocsTest {
  private static final Path DOC = Path.of("..", "docs", "journal.md");

  @Test
  void the_example_line_is_a_record_the_journal_writes_byte_for_byte() throws Exception {
    String line = block("## Line format", "json");
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

    JournalRecord record = RecordCodec.decode(bytes, 0, bytes.length - 1); // without its \n

    assertThat(new String(RecordCodec.encode(List.of(record)), StandardCharsets.UTF_8))
        .isEqualTo(line);
  }

  @Test
  void the_example_configuration_is_the_defaults() throws Exception {
    SimpleModule durations = new SimpleModule();
    durations.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return Durations.parseOrNull(p.getValueAsString());
          }
        });
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(durations);
    JsonNode journal = yaml.readTree(block("## Rotation and retention", "yaml")).get("journal");

    assertThat(yaml.treeToValue(journal, JournalConfig.class)).isEqualTo(JournalConfig.defaults());
  }

  @Test
  void every_metric_the_journal_publishes_has_a_row(@TempDir Path dir) throws Exception {
    String doc = Files.readString(DOC);
    try (Journal journal = Journal.open(TestRecords.config(dir, JournalConfig.MIN_SEGMENT_BYTES))) {
      for (MetricSnapshot m : journal.metrics()) {
        String name = m.getMetadata().getName() + (m instanceof CounterSnapshot ? "_total" : "");
        assertThat(doc).as("row for %s", name).contains("| `" + name);
      }
    }
  }

  private static String block(String section, String language) throws IOException {
    Matcher m =
        Pattern.compile(
                Pattern.quote(section) + "\\n.*?```" + language + "\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(DOC));
    assertThat(m.find()).as("%s block under %s in %s", language, section, DOC).isTrue();
    return m.group(1);
  }
}
