package dev.dropscope.exporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed docs/ingest.md, read the way its readers copy from it: by section and code block.
 */
final class IngestDoc {
  static final Path FILE = Path.of("..", "docs", "ingest.md");

  /** A shell example: the commands, and the output shown under them as {@code # } lines. */
  record ShellExample(String commands, String output) {}

  private IngestDoc() {}

  /** The {@code json} blocks of "## Event types": one example event each. */
  static List<String> exampleEvents() {
    return blocks(section("## Event types"), "json");
  }

  /** The {@code sh} blocks of "## Sending events with curl" that run curl. */
  static List<ShellExample> curlExamples() {
    List<ShellExample> out = new ArrayList<>();
    for (String block : blocks(section("## Sending events with curl"), "sh")) {
      if (!block.contains("curl ")) {
        continue;
      }
      List<String> commands = new ArrayList<>();
      List<String> output = new ArrayList<>();
      for (String line : block.split("\n")) {
        if (line.startsWith("# ")) {
          output.add(line.substring(2));
        } else {
          assertThat(output).as("commands after the output in block:\n%s", block).isEmpty();
          commands.add(line);
        }
      }
      out.add(new ShellExample(String.join("\n", commands), String.join("\n", output)));
    }
    return out;
  }

  /** The text from {@code heading} to the next heading of the same level. */
  private static String section(String heading) {
    String doc;
    try {
      doc = Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = doc.indexOf("\n" + heading + "\n");
    assertThat(start).as("section %s in %s", heading, FILE).isNotNegative();
    int end = doc.indexOf("\n## ", start + heading.length() + 1);
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  private static List<String> blocks(String text, String language) {
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
