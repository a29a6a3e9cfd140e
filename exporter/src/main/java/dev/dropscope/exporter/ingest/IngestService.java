package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.exporter.config.IngestConfig;
import dev.dropscope.exporter.pack.Packs;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a batch of events, all or nothing: parse, validate every event, reserve idempotency keys,
 * make journaled events durable, then update metrics. Anything wrong with what the client sent is a
 * 4xx naming the event and field; only the journal failing is a 5xx (503).
 */
public final class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final IngestConfig config;
  private final BodyParser parser = new BodyParser();
  private final EventValidator validator;
  private final Dedup dedup;
  private final Applier applier;
  private final EventJournal journal;
  private final Counter accepted;
  private final Counter rejected;
  private final Counter duplicates;
  private final Histogram requestSeconds;

  /** The HTTP status and JSON body to answer with. */
  public record Response(int status, Map<String, Object> body) {}

  public IngestService(
      Packs packs,
      IngestConfig config,
      PackMetrics metrics,
      Components components,
      EventJournal journal,
      PrometheusRegistry registry,
      Clock clock) {
    this.config = config;
    this.validator = new EventValidator(packs, clock);
    this.dedup = new Dedup(config.dedupWindow(), config.dedupMaxIds(), System::nanoTime);
    this.applier = new Applier(packs, metrics, components);
    this.journal = journal;
    this.accepted =
        Counter.builder()
            .name("dropscope_events_accepted_total")
            .help("Events accepted, by type.")
            .labelNames("type")
            .register(registry);
    this.rejected =
        Counter.builder()
            .name("dropscope_events_rejected_total")
            .help("Events refused, by type (unknown when it could not be read) and reason.")
            .labelNames("type", "reason")
            .register(registry);
    this.duplicates =
        Counter.builder()
            .name("dropscope_events_duplicate_total")
            .help(
                "Events acknowledged but not applied again because their id was seen within the dedup window.")
            .register(registry);
    this.requestSeconds =
        Histogram.builder()
            .name("dropscope_ingest_request_duration_seconds")
            .help("Time to answer POST /api/v1/events, journal fsync included, by status code.")
            .labelNames("code")
            .classicUpperBounds(
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);
  }

  /** Records how long one request took from its first byte to its answer, by status code. */
  public void observe(int status, double seconds) {
    requestSeconds.labelValues(Integer.toString(status)).observe(seconds);
  }

  /** The limit a body may not exceed, for the HTTP layer to enforce while reading. */
  public int maxBodyBytes() {
    return config.maxBodyBytes();
  }

  /** Records a request refused before its body was read (401, 413, 415). */
  public void refused(String reason) {
    rejected.labelValues("unknown", reason).inc();
  }

  public Response ingest(byte[] body, boolean ndjson) {
    return ingest(body, body.length, ndjson);
  }

  /**
   * Ingests the first {@code length} bytes of {@code body}, which the caller may reuse once this
   * returns.
   */
  public Response ingest(byte[] body, int length, boolean ndjson) {
    List<Problem> problems = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    List<IngestedEvent> events = new ArrayList<>();
    List<String> types = new ArrayList<>(); // of every event, for counting a refused batch
    // Validated as parsed: each event's parse tree is garbage once its fields are taken.
    BodyParser.Parsed parsed =
        parser.parse(
            body,
            length,
            ndjson,
            config.maxEvents(),
            (i, node) -> {
              Optional<IngestedEvent> valid = validator.validate(i, node, problems, warnings);
              if (valid.isPresent()) {
                events.add(valid.get());
                types.add(valid.get().type().type());
              } else {
                types.add(knownType(node));
              }
            });
    switch (parsed) {
      case BodyParser.Parsed.Malformed m -> {
        rejected.labelValues("unknown", "malformed").inc();
        return error(400, List.of(m.problem()));
      }
      case BodyParser.Parsed.TooMany t -> {
        rejected.labelValues("unknown", "too_large").inc();
        return error(
            413,
            List.of(
                new Problem(
                    t.limit(),
                    null,
                    "too many events in one request",
                    "at most " + t.limit(),
                    null)));
      }
      case BodyParser.Parsed.Events e -> {
        // every event went to the validator
      }
    }
    if (!problems.isEmpty()) {
      countTypes(rejected, types, "invalid");
      return error(400, problems);
    }

    List<IngestedEvent> fresh = new ArrayList<>(events.size());
    List<String> reserved = new ArrayList<>();
    for (IngestedEvent e : events) {
      if (e.id() == null) {
        fresh.add(e);
      } else if (dedup.reserve(e.id())) {
        reserved.add(e.id());
        fresh.add(e);
      }
    }
    List<IngestedEvent> journaled = new ArrayList<>(fresh.size());
    for (IngestedEvent e : fresh) {
      if (e.type().journaled()) {
        journaled.add(e);
      }
    }
    if (!journaled.isEmpty()) {
      try {
        journal.append(journaled);
      } catch (IOException | RuntimeException e) {
        reserved.forEach(dedup::release);
        count(rejected, fresh, "journal_failure");
        log.error(
            "journal append failed; {} events refused with 503: {}", fresh.size(), e.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", 0);
        out.put("error", "the journal could not make the events durable; retry later");
        return new Response(503, out);
      }
    }
    applier.apply(fresh);
    count(accepted, fresh, null);
    int dupes = events.size() - fresh.size();
    if (dupes > 0) {
      duplicates.inc(dupes);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", events.size());
    if (dupes > 0) {
      out.put("duplicates", dupes);
    }
    if (!warnings.isEmpty()) {
      out.put("warnings", warnings.size() > 100 ? warnings.subList(0, 100) : warnings);
    }
    return new Response(202, out);
  }

  /**
   * Adds one per event to {@code counter}, by type (and {@code reason} when not null): one
   * increment per distinct type, not per event.
   */
  private static void countTypes(Counter counter, List<String> types, String reason) {
    Map<String, Integer> byType = new LinkedHashMap<>();
    for (String t : types) {
      byType.merge(t, 1, Integer::sum);
    }
    add(counter, byType, reason);
  }

  private static void count(Counter counter, List<IngestedEvent> events, String reason) {
    Map<String, Integer> byType = new LinkedHashMap<>();
    for (IngestedEvent e : events) {
      byType.merge(e.type().type(), 1, Integer::sum);
    }
    add(counter, byType, reason);
  }

  private static void add(Counter counter, Map<String, Integer> byType, String reason) {
    byType.forEach(
        (type, n) ->
            (reason == null ? counter.labelValues(type) : counter.labelValues(type, reason))
                .inc(n));
  }

  private String knownType(JsonNode node) {
    JsonNode t = node.path("type");
    return t.isTextual() && validatorKnows(t.asText()) ? t.asText() : "unknown";
  }

  private boolean validatorKnows(String type) {
    return validator.knows(type);
  }

  private static Response error(int status, List<Problem> problems) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", 0);
    out.put("errors", problems.size() > 100 ? problems.subList(0, 100) : problems);
    if (problems.size() > 100) {
      out.put("errors_omitted", problems.size() - 100);
    }
    return new Response(status, out);
  }
}
