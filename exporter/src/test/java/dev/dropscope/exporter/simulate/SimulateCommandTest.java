package dev.dropscope.exporter.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simulate} on the command line: help, flag errors, and a short run against a target. */
class SimulateCommandTest {
  private final RecordingTarget target = new RecordingTarget();

  @TempDir Path dir;

  @AfterEach
  void stopTarget() {
    target.close();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SimulateCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_lists_every_flag_with_its_default() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains(
            "Usage: simulate",
            "--target=URL",
            "--token-file=FILE",
            "--wallets=N",
            "--speed=X",
            "--duration=D",
            "--seed=S",
            "--packs=PACK[,PACK...]",
            "--history=D",
            "--help",
            "--version",
            "default: http://127.0.0.1:19100",
            "default: 5)",
            "default: 1;",
            "run until Ctrl-C",
            "default: 42",
            "default: airdrops",
            "default: 0s");
  }

  @Test
  void a_bad_duration_exits_2_naming_the_flag_and_the_format() {
    Run r = run("--history", "30days");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "Invalid value for option '--history':"
                + " expected a duration like 500ms, 5s, 1m, 2h or 7d, found '30days'");
  }

  @Test
  void an_unknown_pack_exits_2_listing_the_packs() {
    Run r = run("--packs", "airdrops,nft");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "Invalid value for option '--packs' (PACK):"
                + " expected airdrops|trading|gateway, found 'nft'");
  }

  @Test
  void a_speed_that_is_not_positive_exits_2() {
    Run r = run("--speed", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "Invalid value for option '--speed': expected a positive number or 'max', found '0'");
  }

  @Test
  void zero_wallets_exits_2_with_one_line() {
    Run r = run("--wallets", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo("simulate: --wallets: expected 1 to 100, found '0'" + System.lineSeparator());
  }

  @Test
  void a_target_that_is_not_an_http_url_exits_2() {
    Run r = run("--target", "127.0.0.1:19100");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "simulate: --target: expected an http:// or https:// URL like http://127.0.0.1:19100,"
                + " found '127.0.0.1:19100'");
  }

  @Test
  void a_missing_token_file_exits_2_naming_it() {
    Path missing = dir.resolve("nope.txt");
    Run r = run("--token-file", missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("simulate: --token-file: cannot read " + missing + " (NoSuchFileException)");
  }

  @Test
  void the_endpoint_is_the_target_plus_the_ingest_path() throws Exception {
    assertThat(SimulateCommand.endpoint("http://exporter:19100/").toString())
        .isEqualTo("http://exporter:19100/api/v1/events");
    assertThat(SimulateCommand.endpoint("https://bots.example/dropscope").toString())
        .isEqualTo("https://bots.example/dropscope/api/v1/events");
  }

  @Test
  void replays_an_hour_of_history_to_the_target_with_the_token_and_exits_0() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
    Instant before = Instant.now();
    Run r =
        run(
            "--target", target.base().toString(),
            "--token-file", token.toString(),
            "--packs", "airdrops,trading,gateway",
            "--history", "1h",
            "--duration", "0s",
            "--seed", "7");
    Instant after = Instant.now();
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(target.requests())
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.path()).isEqualTo("/api/v1/events");
              assertThat(q.contentType()).isEqualTo("application/x-ndjson");
              assertThat(q.authorization()).isEqualTo("Bearer tok-123");
              assertThat(q.lines()).hasSizeBetween(1, SimulateCommand.BATCH_SIZE);
            });
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : target.lines()) {
      events.add(json.readTree(line));
    }
    Instant tail = before.minus(SimulateCommand.FULL_TAIL).minusSeconds(1);
    for (JsonNode e : events) {
      Instant ts = Instant.parse(e.get("ts").asText());
      assertThat(ts)
          .isAfter(before.minus(Duration.ofHours(1)).minusSeconds(1))
          .isBeforeOrEqualTo(after);
      if (ts.isBefore(tail)) {
        assertThat(Pack.isJournaled(e.get("type").asText())).as("%s", e).isTrue();
      }
    }
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .contains(
            "airdrops.interaction", "airdrops.heartbeat", "trading.trade", "gateway.transaction");
  }

  @Test
  void exits_1_when_the_target_rejects_events() {
    target.thenAnswer(400, "{\"errors\":[\"line 1: type: unknown event type\"]}");
    Run r = run("--target", target.base().toString(), "--history", "20m", "--duration", "0s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("simulate: the target rejected ").contains(" events; see the log");
  }

  @Test
  void exits_1_when_the_target_refuses_the_token() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "wrong");
    target.thenAnswer(401, "{\"errors\":[\"bad token\"]}");
    Run r =
        run(
            "--target",
            target.base().toString(),
            "--token-file",
            token.toString(),
            "--history",
            "5m",
            "--duration",
            "0s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "simulate: "
                + target.endpoint()
                + " answered 401: check --token-file — {\"errors\":[\"bad token\"]}");
  }
}
