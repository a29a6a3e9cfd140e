package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into JSON nodes: one event, a JSON array of events, or NDJSON (one event a
 * line). Nesting, string and number sizes are bounded so a hostile body costs little.
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

  /** The body's events, or the reason it cannot be read. */
  sealed interface Parsed {
    record Events(List<JsonNode> nodes) implements Parsed {}

    record Malformed(Problem problem) implements Parsed {}

    record TooMany(int limit) implements Parsed {}
  }

  Parsed parse(byte[] body, boolean ndjson, int maxEvents) {
    return ndjson ? ndjson(body, maxEvents) : json(body, maxEvents);
  }

  private Parsed json(byte[] body, int maxEvents) {
    try (JsonParser p = mapper.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return malformed(0, "empty body", "a JSON object, a JSON array of objects, or NDJSON");
      }
      List<JsonNode> nodes = new ArrayList<>();
      if (first == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (nodes.size() == maxEvents) {
            return new Parsed.TooMany(maxEvents);
          }
          nodes.add(mapper.readTree(p));
        }
      } else {
        nodes.add(mapper.readTree(p));
      }
      if (p.nextToken() != null) {
        return malformed(
            nodes.size(),
            "unexpected content after the JSON value",
            "one JSON value (use NDJSON for many)");
      }
      return new Parsed.Events(nodes);
    } catch (JsonProcessingException e) {
      return malformed(0, "malformed JSON: " + e.getOriginalMessage(), "valid JSON (UTF-8)", e);
    } catch (IOException e) {
      return malformed(0, "unreadable body: " + e.getMessage(), "valid JSON (UTF-8)");
    }
  }

  private Parsed ndjson(byte[] body, int maxEvents) {
    List<JsonNode> nodes = new ArrayList<>();
    int start = 0;
    int line = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i < body.length && body[i] != '\n') {
        continue;
      }
      int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
      line++;
      if (!isBlank(body, start, end)) {
        if (nodes.size() == maxEvents) {
          return new Parsed.TooMany(maxEvents);
        }
        try (JsonParser p = mapper.createParser(body, start, end - start)) {
          nodes.add(mapper.readTree(p));
          if (p.nextToken() != null) {
            return malformed(
                nodes.size() - 1,
                "line " + line + ": more than one JSON value",
                "one JSON object per line");
          }
        } catch (JsonProcessingException e) {
          return malformed(
              nodes.size(),
              "line " + line + ": malformed JSON: " + e.getOriginalMessage(),
              "one JSON object per line (UTF-8)");
        } catch (IOException e) {
          return malformed(
              nodes.size(),
              "line " + line + ": unreadable: " + e.getMessage(),
              "one JSON object per line");
        }
      }
      start = i + 1;
    }
    if (nodes.isEmpty()) {
      return malformed(0, "empty body", "one JSON object per line");
    }
    return new Parsed.Events(nodes);
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
