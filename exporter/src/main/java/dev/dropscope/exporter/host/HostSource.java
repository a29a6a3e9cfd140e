package dev.dropscope.exporter.host;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Where host readings come from. The OSHI implementation reads the machine; tests hand in fixed
 * readings so the mapping to node_exporter's families is checked against golden files. All values
 * are in the units node_exporter publishes (seconds, bytes, counts).
 */
public interface HostSource {

  /** Cumulative CPU time per logical CPU, by mode. */
  List<Cpu> cpus();

  Load load();

  /**
   * Memory figures keyed by node_exporter's metric name after {@code node_memory_}: {@code
   * MemTotal_bytes}, {@code MemAvailable_bytes}, ..., and unit-less counts such as {@code
   * HugePages_Total}. On Linux every field of /proc/meminfo, elsewhere what OSHI provides.
   */
  Map<String, Double> memory();

  /**
   * Mounted filesystems for which {@code include.test(mountPoint, fsType)} holds. Filtering happens
   * before a filesystem is queried, so an excluded hung mount is never touched.
   */
  List<Filesystem> filesystems(BiPredicate<String, String> include);

  List<Disk> disks();

  List<NetDevice> netDevices();

  Kernel kernel();

  Uname uname();

  /** Seconds since the epoch, with sub-second precision. */
  double timeSeconds();

  /** Cumulative time a CPU spent in each mode, in seconds. */
  record Cpu(
      String cpu,
      double user,
      double nice,
      double system,
      double idle,
      double iowait,
      double irq,
      double softirq,
      double steal) {

    public double total() {
      return user + nice + system + idle + iowait + irq + softirq + steal;
    }
  }

  /** Run-queue load averages over 1, 5 and 15 minutes; negative where the OS has none. */
  record Load(double one, double five, double fifteen) {}

  /** One mounted filesystem. */
  record Filesystem(
      String device,
      String mountpoint,
      String fstype,
      double sizeBytes,
      double freeBytes,
      double availBytes,
      double files,
      double filesFree,
      boolean readonly) {}

  /** Cumulative I/O of one block device. */
  record Disk(
      String device,
      double readsCompleted,
      double writesCompleted,
      double readBytes,
      double writtenBytes,
      double ioTimeSeconds,
      double ioNow) {}

  /** Cumulative traffic of one network interface. */
  record NetDevice(
      String device,
      double receiveBytes,
      double receivePackets,
      double receiveErrs,
      double receiveDrop,
      double transmitBytes,
      double transmitPackets,
      double transmitErrs,
      double transmitDrop) {}

  /** Kernel-wide counters. */
  record Kernel(double bootTimeSeconds, double contextSwitches, double interrupts) {}

  /** What uname(2) says, field by field. */
  record Uname(
      String sysname,
      String release,
      String version,
      String machine,
      String nodename,
      String domainname) {}
}
