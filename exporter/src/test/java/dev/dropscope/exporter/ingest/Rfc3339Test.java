package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written reader agrees with {@link OffsetDateTime#parse} on every input. */
class Rfc3339Test {

  private static Instant reference(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void reads_the_usual_shapes_exactly() {
    assertThat(Rfc3339.fast("2026-11-22T10:00:00Z")).hasToString("2026-11-22T10:00:00Z");
    assertThat(Rfc3339.fast("2026-11-22T10:00:00.123Z")).hasToString("2026-11-22T10:00:00.123Z");
    assertThat(Rfc3339.fast("2026-11-22T10:00:00.123456789+01:30"))
        .hasToString("2026-11-22T08:30:00.123456789Z");
    assertThat(Rfc3339.fast("2024-02-29T23:59:59-05:00")).hasToString("2024-03-01T04:59:59Z");
  }

  @Test
  void agrees_with_offset_date_time_on_edge_cases() {
    List<String> cases =
        List.of(
            "2026-11-22T10:00:00Z",
            "2026-11-22T10:00:00z",
            "2026-11-22t10:00:00Z",
            "2026-11-22T10:00Z",
            "2026-11-22T10:00:00.Z",
            "2026-11-22T10:00:00.1234567891Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T23:60:00Z",
            "2026-11-22T23:59:60Z",
            "2026-02-29T10:00:00Z",
            "2024-02-29T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-01-00T10:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "+2026-11-22T10:00:00Z",
            "2026-11-22T10:00:00+18:00",
            "2026-11-22T10:00:00+18:01",
            "2026-11-22T10:00:00-18:00",
            "2026-11-22T10:00:00+19:00",
            "2026-11-22T10:00:00-00:00",
            "2026-11-22T10:00:00+00:00",
            "2026-11-22T10:00:00+01:60",
            "2026-11-22T10:00:00+0100",
            "2026-11-22T10:00:00+01",
            "2026-11-22T10:00:00+01:00:30",
            "2026-11-22T10:00:00",
            "2026-11-22 10:00:00Z",
            "2026-11-22T10:00:00Z ",
            " 2026-11-22T10:00:00Z",
            "2026-11-2２T10:00:00Z",
            "");
    for (String c : cases) {
      assertThat(Rfc3339.parse(c)).as("'%s'", c).isEqualTo(reference(c));
      Instant fast = Rfc3339.fast(c);
      if (fast != null) {
        assertThat(fast).as("fast '%s'", c).isEqualTo(reference(c));
      }
    }
  }

  @Test
  void agrees_with_offset_date_time_on_random_mutations() {
    Random rnd = new Random(7);
    String alphabet = "0123456789-:T.Z+z ";
    List<String> seeds =
        List.of(
            "2026-11-22T10:00:00Z",
            "2026-02-28T23:59:59.5+05:45",
            "2024-12-31T00:00:00.000001-11:00");
    List<String> cases = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      char[] c = seeds.get(i % seeds.size()).toCharArray();
      for (int k = 0; k <= i % 3; k++) {
        c[rnd.nextInt(c.length)] = alphabet.charAt(rnd.nextInt(alphabet.length()));
      }
      cases.add(new String(c));
    }
    for (String c : cases) {
      assertThat(Rfc3339.parse(c)).as("'%s'", c).isEqualTo(reference(c));
    }
  }
}
