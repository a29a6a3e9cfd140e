package dev.dropscope.exporter.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.ingest.Components;
import dev.dropscope.exporter.probe.ProbeResult;
import dev.dropscope.exporter.probe.ProbeStatus;
import dev.dropscope.exporter.probe.Probes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rule that combines heartbeats and probes: unknown to both is unknown, otherwise the worst of
 * what is known, and nothing known yet is down.
 */
class ComponentHealthTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String URL = "http://127.0.0.1:8080/health";

  private static Components.Beat beat(String status) {
    return new Components.Beat(status, NOW, false);
  }

  private static ProbeStatus probed(boolean success) {
    ProbeResult r = new ProbeResult(NOW, 0.004, success ? 200 : 500, success ? null : "status 500");
    return new ProbeStatus("trader", URL, r, success ? 0 : 1, success ? NOW : null);
  }

  private static ProbeStatus pending() {
    return new ProbeStatus("trader", URL, null, 0, null);
  }

  @Nested
  class HeartbeatsOnly {
    @Test
    void up_is_up() {
      assertThat(ComponentHealth.judge(beat("up"), null).status()).isEqualTo(Status.UP);
    }

    @Test
    void degraded_is_degraded() {
      assertThat(ComponentHealth.judge(beat("degraded"), null).status()).isEqualTo(Status.DEGRADED);
    }

    @Test
    void silent_is_down_and_says_so() {
      ComponentStatus c = ComponentHealth.judge(new Components.Beat("down", NOW, true), null);
      assertThat(c.status()).isEqualTo(Status.DOWN);
      assertThat(c.heartbeat().silent()).isTrue();
      assertThat(c.probe()).isNull();
    }

    @Test
    void a_status_other_than_up_or_degraded_is_down() {
      assertThat(ComponentHealth.judge(beat("starting"), null).status()).isEqualTo(Status.DOWN);
    }
  }

  @Nested
  class ProbesOnly {
    @Test
    void a_passing_probe_is_up() {
      ComponentStatus c = ComponentHealth.judge(null, probed(true));
      assertThat(c.status()).isEqualTo(Status.UP);
      assertThat(c.heartbeat()).isNull();
      assertThat(c.probe().success()).isTrue();
      assertThat(c.probe().statusCode()).isEqualTo(200);
      assertThat(c.probe().lastChecked()).isEqualTo("2026-11-22T12:00:00Z");
    }

    @Test
    void a_failing_probe_is_down_with_its_error() {
      ComponentStatus c = ComponentHealth.judge(null, probed(false));
      assertThat(c.status()).isEqualTo(Status.DOWN);
      assertThat(c.probe().error()).isEqualTo("status 500");
      assertThat(c.probe().lastSuccess()).isNull();
    }

    @Test
    void a_pending_first_probe_with_no_heartbeat_is_down_not_assumed_up() {
      ComponentStatus c = ComponentHealth.judge(null, pending());
      assertThat(c.status()).isEqualTo(Status.DOWN);
      assertThat(c.probe().pending()).isTrue();
      assertThat(c.probe().success()).isNull();
    }
  }

  @Nested
  class Both {
    @Test
    void a_failing_probe_makes_an_up_heartbeat_down() {
      assertThat(ComponentHealth.judge(beat("up"), probed(false)).status()).isEqualTo(Status.DOWN);
    }

    @Test
    void a_degraded_heartbeat_makes_a_passing_probe_degraded() {
      assertThat(ComponentHealth.judge(beat("degraded"), probed(true)).status())
          .isEqualTo(Status.DEGRADED);
    }

    @Test
    void a_pending_probe_leaves_the_heartbeat_to_decide() {
      assertThat(ComponentHealth.judge(beat("up"), pending()).status()).isEqualTo(Status.UP);
    }

    @Test
    void both_up_is_up() {
      assertThat(ComponentHealth.judge(beat("up"), probed(true)).status()).isEqualTo(Status.UP);
    }
  }

  @Nested
  class AsAPartOfHealth {
    private final Probes noProbes = Probes.start(List.of(), Clock.systemUTC());
    private final Components noHeartbeats =
        new Components(Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_name_neither_source_knows_is_unknown() {
      assertThat(new ComponentHealth(noHeartbeats, noProbes).one("ghost")).isEmpty();
    }

    @Test
    void no_components_at_all_is_up() {
      var part = new ComponentHealth(noHeartbeats, noProbes).check();
      assertThat(part.status()).isEqualTo(Status.UP);
      assertThat(part.details()).isEqualTo(Map.of("components", Map.of()));
    }
  }
}
