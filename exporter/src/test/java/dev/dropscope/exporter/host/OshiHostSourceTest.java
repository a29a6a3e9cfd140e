package dev.dropscope.exporter.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The real machine: readings are present and plausible (values differ per machine). */
class OshiHostSourceTest {
  private final HostSource source = HostCollectors.machine();

  @Test
  void numbers_cpus_from_zero_with_positive_idle_time() {
    var cpus = source.cpus();
    assertThat(cpus).isNotEmpty().allSatisfy(c -> assertThat(c.idle()).isPositive());
    assertThat(cpus.getFirst().cpu()).isEqualTo("0");
    assertThat(cpus.getLast().cpu()).isEqualTo(Integer.toString(cpus.size() - 1));
  }

  @Test
  void reads_total_and_available_memory() {
    assertThat(source.memory()).containsKeys("MemTotal_bytes", "MemAvailable_bytes");
    assertThat(source.memory().get("MemAvailable_bytes"))
        .isPositive()
        .isLessThanOrEqualTo(source.memory().get("MemTotal_bytes"));
  }

  @Test
  void boot_time_lies_before_now() {
    assertThat(source.kernel().bootTimeSeconds()).isPositive().isLessThan(source.timeSeconds());
  }

  @Test
  void root_filesystem_is_found_with_a_size() {
    assertThat(source.filesystems((mount, type) -> mount.equals("/")))
        .singleElement()
        .satisfies(f -> assertThat(f.sizeBytes()).isPositive());
  }
}
