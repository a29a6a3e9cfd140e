package dev.dropscope.etl.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: Debian's headless Chromium loads the file with networking off,
 * runs its script, and the DOM it dumps says every chart drew.
 */
class ReportHtmlIT {
  @Test
  void every_chart_draws_in_headless_chromium(@TempDir Path dir) throws Exception {
    StringWriter html = new StringWriter();
    ReportFormat.HTML.write(Reports.sample(), html);
    Path file = dir.resolve("report.html");
    Files.writeString(file, html.toString());

    String dom = dumpDom(file, dir.resolve("profile"));

    assertThat(dom).as("the script ran to its end").contains("data-charts-drawn=\"4\"");
    Matcher m =
        Pattern.compile("data-chart=\"(\\w+)\"[^>]*data-drawn-pixels=\"(\\d+)\"").matcher(dom);
    List<String> drawn = new ArrayList<>();
    while (m.find()) {
      assertThat(Integer.parseInt(m.group(2)))
          .as("pixels drawn on chart " + m.group(1))
          .isGreaterThan(2_000);
      drawn.add(m.group(1));
    }
    assertThat(drawn)
        .containsExactlyInAnyOrder(
            "protocol_profit", "protocol_roi", "claims_daily", "portfolio_value");
  }

  private static String dumpDom(Path file, Path profile) throws Exception {
    String chromium = chromium();
    Process p =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000",
                "--dump-dom",
                file.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String chromium() {
    for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError(
        "Debian's chromium is not installed: `./dev test` installs it (apt-get install chromium)");
  }
}
