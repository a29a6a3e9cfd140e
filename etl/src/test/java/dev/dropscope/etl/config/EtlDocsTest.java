package dev.dropscope.etl.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dropscope.etl.Main;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/etl.md lists every configuration key and every command the code has. */
class EtlDocsTest {
  static final Path DOC = Path.of("..", "docs", "etl.md");

  @Test
  void every_configuration_key_is_in_the_key_table() throws Exception {
    String doc = Files.readString(DOC);
    List<String> keys = new ArrayList<>();
    for (RecordComponent section : EtlConfig.class.getRecordComponents()) {
      RecordComponent[] inner = section.getType().getRecordComponents();
      if (inner == null) { // a top-level key, like sources
        keys.add(yamlName(section));
        continue;
      }
      for (RecordComponent key : inner) {
        keys.add(yamlName(section) + "." + yamlName(key));
      }
    }
    assertThat(keys).hasSizeGreaterThan(20);
    for (String key : keys) {
      assertThat(doc).as("docs/etl.md documents " + key).contains("| `" + key + "` |");
    }
  }

  @Test
  void every_command_is_in_the_command_table() throws Exception {
    String doc = Files.readString(DOC);
    for (String command : new CommandLine(Main.class).getSubcommands().keySet()) {
      if (!command.equals("help")) {
        assertThat(doc).as("docs/etl.md documents " + command).contains("| `" + command);
      }
    }
  }

  private static String yamlName(RecordComponent c) {
    JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
    if (p == null) {
      p = c.getAnnotation(JsonProperty.class);
    }
    return p != null ? p.value() : c.getName();
  }
}
