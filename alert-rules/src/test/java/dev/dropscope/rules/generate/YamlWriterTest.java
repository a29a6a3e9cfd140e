package dev.dropscope.rules.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML the generator writes reads back to exactly what was written, and reads well. */
class YamlWriterTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void writes_plain_scalars_where_yaml_allows_and_quotes_the_rest() {
    assertThat(YamlWriter.scalar("up{job=\"dropscope\"} == 0"))
        .isEqualTo("up{job=\"dropscope\"} == 0");
    assertThat(YamlWriter.scalar("5m")).isEqualTo("5m");
    assertThat(YamlWriter.scalar("{{ $value }} left")).isEqualTo("'{{ $value }} left'");
    assertThat(YamlWriter.scalar("1 - x")).isEqualTo("'1 - x'");
    assertThat(YamlWriter.scalar("yes")).isEqualTo("'yes'");
    assertThat(YamlWriter.scalar("a: b")).isEqualTo("'a: b'");
    assertThat(YamlWriter.scalar("it's")).isEqualTo("it's");
    assertThat(YamlWriter.scalar("'quoted'")).isEqualTo("'''quoted'''");
    assertThat(YamlWriter.scalar(0.1)).isEqualTo("0.1");
    assertThat(YamlWriter.scalar(90.0)).isEqualTo("90");
  }

  @Test
  void round_trips_through_a_yaml_parser() throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("expr", "sum by (a) (rate(x_total[5m]))\n/\nsum(rate(y_total[5m]))");
    doc.put("labels", Map.of("severity", "critical"));
    doc.put("empty", List.of());
    doc.put("list", List.of(Map.of("series", "x{a=\"b\"}", "values", "0+1x10"), "plain"));
    doc.put("odd", List.of("#hash", "- dash", "{brace", "true", "", " padded ", "a #b", "100"));
    String text = YamlWriter.write(List.of("header"), doc);
    assertThat(text).startsWith("# header\n");
    assertThat(YAML.readValue(text, new TypeReference<Map<String, Object>>() {})).isEqualTo(doc);
  }

  @Test
  void writes_multi_line_text_as_a_literal_block() {
    String text = YamlWriter.write(List.of(), Map.of("expr", "a\n/\nb"));
    assertThat(text).isEqualTo("expr: |-\n  a\n  /\n  b\n");
  }
}
