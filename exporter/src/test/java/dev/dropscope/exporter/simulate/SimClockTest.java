package dev.dropscope.exporter.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Simulated time: paced by the speed, never ahead of the wall clock. */
class SimClockTest {
  private static final Instant WALL_START = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant HOUR_AGO = WALL_START.minus(Duration.ofHours(1));

  @Test
  void at_speed_60_an_hour_of_history_passes_in_a_minute() {
    SimClock clock = new SimClock(HOUR_AGO, WALL_START, 60);
    assertThat(clock.at(WALL_START.plusSeconds(30)))
        .isEqualTo(HOUR_AGO.plus(Duration.ofMinutes(30)));
    assertThat(clock.wallTimeOf(HOUR_AGO.plus(Duration.ofMinutes(30))))
        .isEqualTo(WALL_START.plusSeconds(30));
  }

  @Test
  void once_caught_up_it_runs_at_real_time_and_never_ahead_of_the_wall_clock() {
    SimClock clock = new SimClock(HOUR_AGO, WALL_START, 60);
    Instant later = WALL_START.plus(Duration.ofMinutes(5));
    assertThat(clock.at(later)).isEqualTo(later);
    assertThat(clock.wallTimeOf(later.plusSeconds(7))).isEqualTo(later.plusSeconds(7));
  }

  @Test
  void without_history_speed_above_one_changes_nothing() {
    SimClock clock = new SimClock(WALL_START, WALL_START, 1000);
    assertThat(clock.at(WALL_START.plusSeconds(3))).isEqualTo(WALL_START.plusSeconds(3));
  }

  @Test
  void below_one_it_runs_slow_and_falls_behind() {
    SimClock clock = new SimClock(WALL_START, WALL_START, 0.5);
    assertThat(clock.at(WALL_START.plusSeconds(10))).isEqualTo(WALL_START.plusSeconds(5));
    assertThat(clock.wallTimeOf(WALL_START.plusSeconds(5))).isEqualTo(WALL_START.plusSeconds(10));
  }

  @Test
  void max_speed_is_as_far_as_the_wall_clock() {
    SimClock clock = new SimClock(HOUR_AGO, WALL_START, Double.POSITIVE_INFINITY);
    assertThat(clock.at(WALL_START)).isEqualTo(WALL_START);
    assertThat(clock.wallTimeOf(HOUR_AGO)).isEqualTo(HOUR_AGO);
  }

  @Test
  void rejects_a_speed_that_is_not_positive() {
    assertThatThrownBy(() -> new SimClock(WALL_START, WALL_START, 0))
        .hasMessage("speed must be positive, was 0.0");
  }
}
