package dev.dropscope.exporter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delay before the next probe: doubled per consecutive failure up to 8x, jittered by 10%. */
class BackoffTest {
  private static final Duration INTERVAL = Duration.ofSeconds(15);
  private static final double NO_JITTER = 0.5;

  @Test
  void a_succeeding_component_is_probed_every_interval() {
    assertThat(Backoff.delay(INTERVAL, 0, NO_JITTER)).isEqualTo(INTERVAL);
  }

  @Test
  void each_consecutive_failure_doubles_the_delay_up_to_8_times_the_interval() {
    assertThat(Backoff.delay(INTERVAL, 1, NO_JITTER)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Backoff.delay(INTERVAL, 2, NO_JITTER)).isEqualTo(Duration.ofSeconds(60));
    assertThat(Backoff.delay(INTERVAL, 3, NO_JITTER)).isEqualTo(Duration.ofSeconds(120));
    assertThat(Backoff.delay(INTERVAL, 4, NO_JITTER)).isEqualTo(Duration.ofSeconds(120));
    assertThat(Backoff.delay(INTERVAL, 1_000, NO_JITTER)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void jitter_spreads_a_delay_by_at_most_10_percent_either_way() {
    assertThat(Backoff.delay(INTERVAL, 0, 0.0)).isEqualTo(Duration.ofMillis(13_500));
    assertThat(Backoff.delay(INTERVAL, 0, 0.999_999)).isLessThan(Duration.ofMillis(16_500));
    assertThat(Backoff.delay(INTERVAL, 3, 0.0)).isEqualTo(Duration.ofSeconds(108));
  }
}
