package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cutting a range into windows that stay under the sample budget and end on round times. */
class WindowPlannerTest {
  static final long HOUR = 3_600_000;
  static final long T0 = 1767225600000L; // 2026-01-01T00:00:00Z

  /** The windows of (from, to] at a steady density. */
  static List<long[]> plan(WindowPlanner planner, long from, long to, double density) {
    List<long[]> windows = new ArrayList<>();
    for (long f = from; f < to; ) {
      long end = planner.nextEnd(f, to, density);
      windows.add(new long[] {f, end});
      f = end;
    }
    return windows;
  }

  @ParameterizedTest(name = "{0} series every {1}s, max_samples {2}")
  @CsvSource({
    "600, 15, 1000000",
    "20000, 15, 1000000",
    "100000, 10, 1000000",
    "50000, 1, 10000000",
    "3, 60, 10000",
  })
  void every_window_stays_under_half_of_max_samples(
      int series, int intervalSeconds, long maxSamples) {
    WindowPlanner planner = new WindowPlanner(Duration.ofHours(1), maxSamples);
    double density = (double) series / intervalSeconds;
    List<long[]> windows = plan(planner, T0 + 7_000, T0 + 30 * HOUR + 123, density);
    for (long[] w : windows) {
      double samples = density * (w[1] - w[0]) / 1000.0;
      assertThat(samples).as("window %d..%d", w[0], w[1]).isLessThanOrEqualTo(maxSamples / 2.0);
      assertThat(w[1] - w[0]).isLessThanOrEqualTo(HOUR);
    }
  }

  @Test
  void windows_cover_the_range_without_gaps_or_overlaps_and_end_at_its_end() {
    WindowPlanner planner = new WindowPlanner(Duration.ofMinutes(20), 1_000_000);
    List<long[]> windows = plan(planner, T0 + 1234, T0 + 5 * HOUR + 17, 40);
    assertThat(windows.getFirst()[0]).isEqualTo(T0 + 1234);
    for (int i = 1; i < windows.size(); i++) {
      assertThat(windows.get(i)[0]).isEqualTo(windows.get(i - 1)[1]);
    }
    assertThat(windows.getLast()[1]).isEqualTo(T0 + 5 * HOUR + 17);
  }

  @Test
  void at_a_low_density_windows_are_max_window_long_and_end_on_whole_hours() {
    WindowPlanner planner = new WindowPlanner(Duration.ofHours(1), 1_000_000);
    List<long[]> windows = plan(planner, T0 + 17 * 60_000, T0 + 4 * HOUR, 40);
    assertThat(windows).hasSize(4);
    assertThat(windows.getFirst()[1]).isEqualTo(T0 + HOUR); // the first one is short
    for (long[] w : windows.subList(1, windows.size())) {
      assertThat(w[1] - w[0]).isEqualTo(HOUR);
      assertThat(w[1] % HOUR).isZero();
    }
  }

  @Test
  void at_a_high_density_window_ends_are_multiples_of_a_round_step() {
    WindowPlanner planner = new WindowPlanner(Duration.ofHours(1), 1_000_000);
    double density = 100_000 / 16.0; // 80 s of samples fill the budget
    long length = planner.length(density);
    assertThat(length).isEqualTo(80_000);
    assertThat(WindowPlanner.step(length)).isEqualTo(60_000);
    for (long[] w : plan(planner, T0 + 5_000, T0 + HOUR, density).subList(0, 10)) {
      assertThat(w[1] % 60_000).isZero();
    }
  }

  @Test
  void the_first_window_assumes_one_sample_a_second_per_series() {
    WindowPlanner planner = new WindowPlanner(Duration.ofHours(1), 1_000_000);
    double density = WindowPlanner.initialDensity(600);
    assertThat(planner.length(density)).isEqualTo(833_333); // 500,000 samples / 600 a second
    assertThat(planner.nextEnd(T0, T0 + 6 * HOUR, density)).isEqualTo(T0 + 10 * 60_000);
  }

  @Test
  void the_density_follows_what_a_window_held_but_not_an_empty_one() {
    assertThat(WindowPlanner.observed(600, 144_000, HOUR)).isEqualTo(40.0);
    assertThat(WindowPlanner.observed(600, 0, HOUR)).isEqualTo(600.0);
  }

  @Test
  void a_window_is_never_shorter_than_a_second() {
    WindowPlanner planner = new WindowPlanner(Duration.ofHours(1), 10_000);
    assertThat(planner.length(1e12)).isEqualTo(WindowPlanner.MIN_MILLIS);
    assertThat(planner.nextEnd(T0 + 1, T0 + HOUR, 1e12)).isEqualTo(T0 + 1000);
  }
}
