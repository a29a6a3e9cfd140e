package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why one event of a request was refused: which event (its index in the batch), which field, what
 * was expected and what was found.
 *
 * <pre>
 * {"index":3,"field":"status","message":"not an allowed value","expected":"one of success|failed","found":"'ok'"}
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int index, String field, String message, String expected, String found) {

  static Problem of(int index, String field, String message, String expected, Object found) {
    return new Problem(
        index, field, message, expected, found == null ? null : Found.describe(found));
  }

  /** Short, bounded descriptions of what a client sent, safe to echo back. */
  static final class Found {
    private static final int MAX = 80;

    private Found() {}

    static String describe(Object found) {
      String text =
          switch (found) {
            case String s -> "'" + s + "'";
            case com.fasterxml.jackson.databind.JsonNode n when n.isTextual() ->
                "'" + n.asText() + "'";
            case com.fasterxml.jackson.databind.JsonNode n when n.isObject() -> "an object";
            case com.fasterxml.jackson.databind.JsonNode n when n.isArray() -> "a list";
            case com.fasterxml.jackson.databind.JsonNode n when n.isNull() -> "null";
            default -> String.valueOf(found);
          };
      return text.length() <= MAX
          ? text
          : text.substring(0, MAX) + "…(" + text.length() + " chars)";
    }
  }
}
