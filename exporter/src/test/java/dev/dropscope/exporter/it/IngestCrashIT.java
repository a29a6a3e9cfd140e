package dev.dropscope.exporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.journal.JournalReader;
import dev.dropscope.exporter.journal.JournalRecord;
import dev.dropscope.testing.ExporterProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * kill -9 during sustained ingest: every event that got a 2xx is in the journal exactly once, and
 * nothing is in it twice.
 */
class IngestCrashIT {

  @Test
  void every_acknowledged_event_survives_kill_9_exactly_once() throws Exception {
    Path dir = Files.createTempDirectory("ingest-crash");
    Path journal = dir.resolve("journal");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean killed = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    try (ExporterProcess exporter = ExporterProcess.start(dir, "--journal", journal.toString())) {
      HttpClient http = HttpClient.newHttpClient();
      for (int c = 0; c < 2; c++) {
        int client = c;
        clients.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int batch = 0; !killed.get() && batch < 100_000; batch++) {
                        List<String> ids = new ArrayList<>(200);
                        StringBuilder body = new StringBuilder();
                        for (int i = 0; i < 200; i++) {
                          String id = "c" + client + "-b" + batch + "-e" + i;
                          ids.add(id);
                          body.append("{\"type\":\"airdrops.claim\",\"id\":\"")
                              .append(id)
                              .append("\",\"protocol\":\"p")
                              .append(i % 7)
                              .append(
                                  "\",\"wallet\":\"0xa\",\"token\":\"T\",\"status\":\"success\",\"value_usd\":1.5}\n");
                        }
                        try {
                          HttpResponse<String> r =
                              http.send(
                                  HttpRequest.newBuilder(exporter.uri("/api/v1/events"))
                                      .header("Content-Type", "application/x-ndjson")
                                      .timeout(Duration.ofSeconds(10))
                                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString());
                          if (r.statusCode() == 202) {
                            acknowledged.addAll(ids);
                          }
                        } catch (Exception e) {
                          return; // the exporter is gone
                        }
                      }
                    }));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (acknowledged.size() < 20_000 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(acknowledged).as("events acknowledged before the kill").hasSizeGreaterThan(1000);
      ProcessHandle.of(exporter.process().pid()).orElseThrow().destroyForcibly();
      killed.set(true);
      for (Thread t : clients) {
        t.join(Duration.ofSeconds(15));
      }
    }

    Map<String, Integer> seen = new HashMap<>();
    for (Path segment : JournalReader.segments(journal)) {
      for (JournalRecord r : JournalReader.readSegment(segment, 0).records()) {
        seen.merge(r.eventId(), 1, Integer::sum);
      }
    }
    assertThat(
            seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("event ids journaled more than once")
        .isEmpty();
    Set<String> missing = new java.util.HashSet<>(acknowledged);
    missing.removeAll(seen.keySet());
    assertThat(missing)
        .as("acknowledged events missing from the journal (of %d)", acknowledged.size())
        .isEmpty();
  }
}
