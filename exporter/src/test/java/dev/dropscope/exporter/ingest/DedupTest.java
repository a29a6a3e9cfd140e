package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Idempotency keys: the window, the cap, release after a failed journal, and growth. */
class DedupTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

  private Dedup dedup(Duration window, int maxIds) {
    return new Dedup(window, maxIds, nanos::get);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void a_key_seen_within_the_window_is_refused() {
    Dedup d = dedup(Duration.ofMinutes(10), 100);
    assertThat(d.reserve("a")).isTrue();
    advance(Duration.ofMinutes(10));
    assertThat(d.reserve("a")).isFalse();
    assertThat(d.reserve("b")).isTrue();
  }

  @Test
  void a_key_is_free_again_once_the_window_has_passed() {
    Dedup d = dedup(Duration.ofMinutes(10), 100);
    assertThat(d.reserve("a")).isTrue();
    advance(Duration.ofMinutes(10).plusNanos(1));
    assertThat(d.reserve("a")).isTrue();
    // taken again: the window runs from the second time
    advance(Duration.ofMinutes(5));
    assertThat(d.reserve("a")).isFalse();
  }

  @Test
  void the_oldest_keys_are_forgotten_beyond_the_cap() {
    Dedup d = dedup(Duration.ofMinutes(10), 3);
    for (String k : new String[] {"a", "b", "c", "d"}) {
      assertThat(d.reserve(k)).isTrue();
    }
    assertThat(d.reserve("a")).as("forgotten: the oldest of four with a cap of three").isTrue();
    assertThat(d.reserve("d")).isFalse();
    assertThat(d.reserve("c")).isFalse();
  }

  @Test
  void a_released_key_can_be_reserved_again() {
    Dedup d = dedup(Duration.ofMinutes(10), 100);
    assertThat(d.reserve("a")).isTrue();
    d.release("a");
    assertThat(d.reserve("a")).isTrue();
    assertThat(d.reserve("a")).isFalse();
  }

  @Test
  void a_key_taken_again_after_expiry_is_not_forgotten_with_its_old_entry() {
    Dedup d = dedup(Duration.ofSeconds(10), 100);
    assertThat(d.reserve("a")).isTrue();
    advance(Duration.ofSeconds(11));
    assertThat(d.reserve("a")).isTrue(); // expired: taken again
    advance(Duration.ofSeconds(5));
    assertThat(d.reserve("b")).isTrue(); // evicts a's first entry, which is past the window
    assertThat(d.reserve("a")).isFalse();
  }

  @Test
  void zero_max_ids_turns_deduplication_off() {
    Dedup d = dedup(Duration.ofMinutes(10), 0);
    assertThat(d.reserve("a")).isTrue();
    assertThat(d.reserve("a")).isTrue();
  }

  @Test
  void many_keys_stay_exact_while_the_store_grows_and_evicts() {
    int cap = 50_000;
    Dedup d = dedup(Duration.ofMinutes(10), cap);
    for (int i = 0; i < 3 * cap; i++) {
      assertThat(d.reserve("key-" + i)).isTrue();
      if (i % 7 == 0) {
        assertThat(d.reserve("key-" + i)).isFalse();
      }
    }
    for (int i = 2 * cap; i < 3 * cap; i++) {
      assertThat(d.reserve("key-" + i)).as("key-%d is among the last %d", i, cap).isFalse();
    }
    assertThat(d.reserve("key-0")).isTrue();
  }
}
