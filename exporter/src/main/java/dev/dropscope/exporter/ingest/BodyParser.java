package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Splits a request body into JSON nodes: one event, a JSON array of events, or NDJSON (one event a
 * line). Nesting, string and number sizes are bounded so a hostile body costs little. Each node
 * goes to a sink as soon as it is read, so a large batch never holds all its parse trees at once.
 */
final class BodyParser {
  static final int MAX_DEPTH = 16;

  private final ObjectMapper mapper;

  BodyParser() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(64)
                    .build())
            .build();
    this.mapper = new ObjectMapper(factory);
  }

  /** Takes the body's nodes in order; a later node can still make the whole body malformed. */
  @FunctionalInterface
  interface Sink {
    void accept(int index, JsonNode node);
  }

  /** How many events the body held, or the reason it cannot be read. */
  sealed interface Parsed {
    record Events(int count) implements Parsed {}

    record Malformed(Problem problem) implements Parsed {}

    record TooMany(int limit) implements Parsed {}
  }

  /**
   * Hands the body's nodes to {@code sink} in order. When the answer is not {@link Parsed.Events},
   * what the sink was given must be thrown away.
   */
  Parsed parse(byte[] body, boolean ndjson, int maxEvents, Sink sink) {
    return ndjson ? ndjson(body, maxEvents, sink) : json(body, maxEvents, sink);
  }

  private Parsed json(byte[] body, int maxEvents, Sink sink) {
    try (JsonParser p = mapper.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return malformed(0, "empty body", "a JSON object, a JSON array of objects, or NDJSON");
      }
      int count = 0;
      if (first == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (count == maxEvents) {
            return new Parsed.TooMany(maxEvents);
          }
          sink.accept(count, mapper.readTree(p));
          count++;
        }
      } else {
        sink.accept(count, mapper.readTree(p));
        count++;
      }
      if (p.nextToken() != null) {
        return malformed(
            count,
            "unexpected content after the JSON value",
            "one JSON value (use NDJSON for many)");
      }
      return new Parsed.Events(count);
    } catch (JsonProcessingException e) {
      return malformed(0, "malformed JSON: " + e.getOriginalMessage(), "valid JSON (UTF-8)", e);
    } catch (IOException e) {
      return malformed(0, "unreadable body: " + e.getMessage(), "valid JSON (UTF-8)");
    }
  }

  private Parsed ndjson(byte[] body, int maxEvents, Sink sink) {
    int count = 0;
    int start = 0;
    int line = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i < body.length && body[i] != '\n') {
        continue;
      }
      int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
      line++;
      if (!isBlank(body, start, end)) {
        if (count == maxEvents) {
          return new Parsed.TooMany(maxEvents);
        }
        try (JsonParser p = mapper.createParser(body, start, end - start)) {
          JsonNode node = mapper.readTree(p);
          if (p.nextToken() != null) {
            return malformed(
                count, "line " + line + ": more than one JSON value", "one JSON object per line");
          }
          sink.accept(count, node);
          count++;
        } catch (JsonProcessingException e) {
          return malformed(
              count,
              "line " + line + ": malformed JSON: " + e.getOriginalMessage(),
              "one JSON object per line (UTF-8)");
        } catch (IOException e) {
          return malformed(
              count,
              "line " + line + ": unreadable: " + e.getMessage(),
              "one JSON object per line");
        }
      }
      start = i + 1;
    }
    if (count == 0) {
      return malformed(0, "empty body", "one JSON object per line");
    }
    return new Parsed.Events(count);
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private static Parsed malformed(int index, String message, String expected) {
    return new Parsed.Malformed(new Problem(index, null, message, expected, null));
  }

  private static Parsed malformed(
      int index, String message, String expected, JsonProcessingException e) {
    var loc = e.getLocation();
    String where =
        loc != null ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : "";
    return new Parsed.Malformed(new Problem(index, null, message + where, expected, null));
  }
}
