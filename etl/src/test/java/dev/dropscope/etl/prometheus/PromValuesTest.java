package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Timestamps and values as the HTTP API writes them. */
class PromValuesTest {
  static long millis(String s) throws IOException {
    return PromValues.millis(s.toCharArray(), 0, s.length());
  }

  @ParameterizedTest(name = "{0} s = {1} ms")
  @CsvSource({
    "1767225600, 1767225600000",
    "1767225600.001, 1767225600001",
    "1767225600.1, 1767225600100",
    "1767225600.12, 1767225600120",
    "1767225600.999, 1767225600999",
    "0.5, 500",
    "-1.5, -1500",
    "-0.001, -1",
    // more than three decimals or an exponent: decimal arithmetic, half-even
    "1767225600.0005, 1767225600000",
    "1767225600.0015, 1767225600002",
    "1.7672256001234E9, 1767225600123",
  })
  void seconds_become_exact_milliseconds(String seconds, long expected) throws IOException {
    assertThat(millis(seconds)).isEqualTo(expected);
  }

  @Test
  void every_millisecond_of_a_day_survives_the_round_trip() throws IOException {
    long base = 1767225600000L;
    for (long ms = base; ms < base + 86_400_000L; ms += 997) {
      assertThat(millis(PromValues.seconds(ms))).isEqualTo(ms);
    }
  }

  @Test
  void a_timestamp_that_is_not_a_number_is_refused() {
    assertThatThrownBy(() -> millis("soon"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'soon'");
  }

  @ParameterizedTest
  @CsvSource({
    "1767225600000, 1767225600",
    "1767225600001, 1767225600.001",
    "1767225600120, 1767225600.120",
    "-1500, -1.500"
  })
  void milliseconds_become_the_api_time_parameter(long ms, String expected) {
    assertThat(PromValues.seconds(ms)).isEqualTo(expected);
  }

  @Test
  void values_parse_to_the_nearest_double() throws IOException {
    for (String s : new String[] {"0.1", "1e-300", "123456789.123456789", "-0", "4.9e-324"}) {
      assertThat(PromValues.value(s.toCharArray(), 0, s.length())).isEqualTo(Double.parseDouble(s));
    }
  }

  @Test
  void the_fast_path_gives_what_double_parsing_gives() throws IOException {
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 200_000; i++) {
      String s =
          switch (i % 4) {
            case 0 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(20) - 5));
            case 2 ->
                String.format(Locale.ROOT, "%.3f", (random.nextInt(2_000_000_000) - 1e9) / 7.0);
            default ->
                random.nextInt(1000) + "." + "0".repeat(random.nextInt(20)) + random.nextInt(99999);
          };
      double got = PromValues.value(s.toCharArray(), 0, s.length());
      assertThat(Double.doubleToRawLongBits(got))
          .as(s)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
  }

  @Test
  void a_range_is_written_in_milliseconds() {
    assertThat(PromValues.duration(3_600_000)).isEqualTo("3600000ms");
    assertThatThrownBy(() -> PromValues.duration(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
