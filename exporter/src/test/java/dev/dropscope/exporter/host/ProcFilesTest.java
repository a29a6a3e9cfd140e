package dev.dropscope.exporter.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcFilesTest {

  @Test
  void meminfo_fields_are_named_like_node_exporter_and_only_kb_fields_become_bytes() {
    Map<String, Double> m =
        ProcFiles.meminfo(
            """
            MemTotal:       24568276 kB
            MemFree:        20000000 kB
            Active(anon):     123456 kB
            HugePages_Total:       0
            Hugepagesize:       2048 kB
            """);
    assertThat(m)
        .containsEntry("MemTotal_bytes", 24568276.0 * 1024)
        .containsEntry("Active_anon_bytes", 123456.0 * 1024)
        .containsEntry("HugePages_Total", 0.0)
        .containsEntry("Hugepagesize_bytes", 2048.0 * 1024);
    assertThat(m.keySet())
        .containsExactly(
            "MemTotal_bytes",
            "MemFree_bytes",
            "Active_anon_bytes",
            "HugePages_Total",
            "Hugepagesize_bytes");
  }

  @Test
  void mounts_unescape_octal_spaces_and_read_the_ro_option() {
    List<ProcFiles.Mount> mounts =
        ProcFiles.mounts(
            """
            /dev/vda1 / ext4 rw,relatime 0 0
            /dev/vdb1 /mnt/my\\040data xfs ro,noatime 0 0
            proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
            """);
    assertThat(mounts)
        .containsExactly(
            new ProcFiles.Mount("/dev/vda1", "/", "ext4", false),
            new ProcFiles.Mount("/dev/vdb1", "/mnt/my data", "xfs", true),
            new ProcFiles.Mount("proc", "/proc", "proc", false));
  }

  @Test
  void a_backslash_without_three_octal_digits_is_kept() {
    assertThat(ProcFiles.unescape("a\\9b\\04")).isEqualTo("a\\9b\\04");
  }

  @Test
  void net_dev_columns_map_to_receive_and_transmit_statistics() {
    List<HostSource.NetDevice> devices =
        ProcFiles.netDev(
            """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:  5000      50    0    0    0     0          0         0     5000      50    0    0    0     0       0          0
              eth0: 987654   4321    1    2    0     0          0         7   123456    1234    3    4    0     0       0          0
            """);
    assertThat(devices)
        .containsExactly(
            new HostSource.NetDevice("lo", 5000, 50, 0, 0, 5000, 50, 0, 0),
            new HostSource.NetDevice("eth0", 987654, 4321, 1, 2, 123456, 1234, 3, 4));
  }
}
