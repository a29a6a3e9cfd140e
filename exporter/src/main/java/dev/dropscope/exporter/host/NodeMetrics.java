package dev.dropscope.exporter.host;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Maps host readings to node_exporter's metric families: the same names, label names and help
 * texts' meaning, so community dashboards and alerts work unchanged. Pure functions; no I/O.
 */
final class NodeMetrics {
  private NodeMetrics() {}

  static List<MetricSnapshot> cpu(List<HostSource.Cpu> cpus) {
    CounterSnapshot.Builder seconds =
        CounterSnapshot.builder()
            .name("node_cpu_seconds")
            .help("Seconds the CPUs spent in each mode.");
    for (HostSource.Cpu c : cpus) {
      mode(seconds, c.cpu(), "idle", c.idle());
      mode(seconds, c.cpu(), "iowait", c.iowait());
      mode(seconds, c.cpu(), "irq", c.irq());
      mode(seconds, c.cpu(), "nice", c.nice());
      mode(seconds, c.cpu(), "softirq", c.softirq());
      mode(seconds, c.cpu(), "steal", c.steal());
      mode(seconds, c.cpu(), "system", c.system());
      mode(seconds, c.cpu(), "user", c.user());
    }
    return List.of(seconds.build());
  }

  private static void mode(CounterSnapshot.Builder b, String cpu, String mode, double value) {
    b.dataPoint(counter(Labels.of("cpu", cpu, "mode", mode), value));
  }

  static List<MetricSnapshot> loadavg(HostSource.Load load) {
    List<MetricSnapshot> out = new ArrayList<>(3);
    if (load.one() >= 0) {
      out.add(gauge("node_load1", "1m load average.", load.one()));
    }
    if (load.five() >= 0) {
      out.add(gauge("node_load5", "5m load average.", load.five()));
    }
    if (load.fifteen() >= 0) {
      out.add(gauge("node_load15", "15m load average.", load.fifteen()));
    }
    return out;
  }

  static List<MetricSnapshot> meminfo(Map<String, Double> fields) {
    List<MetricSnapshot> out = new ArrayList<>(fields.size());
    fields.forEach(
        (field, bytes) ->
            out.add(
                gauge("node_memory_" + field, "Memory information field " + field + ".", bytes)));
    return out;
  }

  static List<MetricSnapshot> filesystem(List<HostSource.Filesystem> filesystems) {
    Function<HostSource.Filesystem, Labels> labels =
        f -> Labels.of("device", f.device(), "fstype", f.fstype(), "mountpoint", f.mountpoint());
    return List.of(
        gauges(
            "node_filesystem_size_bytes",
            "Filesystem size in bytes.",
            filesystems,
            labels,
            HostSource.Filesystem::sizeBytes),
        gauges(
            "node_filesystem_free_bytes",
            "Filesystem free space in bytes.",
            filesystems,
            labels,
            HostSource.Filesystem::freeBytes),
        gauges(
            "node_filesystem_avail_bytes",
            "Filesystem space available to non-root users in bytes.",
            filesystems,
            labels,
            HostSource.Filesystem::availBytes),
        gauges(
            "node_filesystem_files",
            "Filesystem total file nodes.",
            filesystems,
            labels,
            HostSource.Filesystem::files),
        gauges(
            "node_filesystem_files_free",
            "Filesystem total free file nodes.",
            filesystems,
            labels,
            HostSource.Filesystem::filesFree),
        gauges(
            "node_filesystem_readonly",
            "Filesystem read-only status.",
            filesystems,
            labels,
            f -> f.readonly() ? 1 : 0));
  }

  static List<MetricSnapshot> diskstats(List<HostSource.Disk> disks) {
    Function<HostSource.Disk, Labels> labels = d -> Labels.of("device", d.device());
    return List.of(
        counters(
            "node_disk_reads_completed",
            "The total number of reads completed successfully.",
            disks,
            labels,
            HostSource.Disk::readsCompleted),
        counters(
            "node_disk_read_bytes",
            "The total number of bytes read successfully.",
            disks,
            labels,
            HostSource.Disk::readBytes),
        counters(
            "node_disk_writes_completed",
            "The total number of writes completed successfully.",
            disks,
            labels,
            HostSource.Disk::writesCompleted),
        counters(
            "node_disk_written_bytes",
            "The total number of bytes written successfully.",
            disks,
            labels,
            HostSource.Disk::writtenBytes),
        counters(
            "node_disk_io_time_seconds",
            "Total seconds spent doing I/Os.",
            disks,
            labels,
            HostSource.Disk::ioTimeSeconds),
        gauges(
            "node_disk_io_now",
            "The number of I/Os currently in progress.",
            disks,
            labels,
            HostSource.Disk::ioNow));
  }

  static List<MetricSnapshot> netdev(List<HostSource.NetDevice> devices) {
    Function<HostSource.NetDevice, Labels> labels = d -> Labels.of("device", d.device());
    List<MetricSnapshot> out = new ArrayList<>(8);
    for (var stat : NET_STATISTICS.entrySet()) {
      out.add(
          counters(
              "node_network_" + stat.getKey(),
              "Network device statistic " + stat.getKey() + ".",
              devices,
              labels,
              stat.getValue()));
    }
    return out;
  }

  /** node_exporter's netdev statistics, in its order. */
  private static final Map<String, ToDoubleFunction<HostSource.NetDevice>> NET_STATISTICS =
      netStatistics();

  private static Map<String, ToDoubleFunction<HostSource.NetDevice>> netStatistics() {
    Map<String, ToDoubleFunction<HostSource.NetDevice>> m = new LinkedHashMap<>();
    m.put("receive_bytes", HostSource.NetDevice::receiveBytes);
    m.put("receive_packets", HostSource.NetDevice::receivePackets);
    m.put("receive_errs", HostSource.NetDevice::receiveErrs);
    m.put("receive_drop", HostSource.NetDevice::receiveDrop);
    m.put("transmit_bytes", HostSource.NetDevice::transmitBytes);
    m.put("transmit_packets", HostSource.NetDevice::transmitPackets);
    m.put("transmit_errs", HostSource.NetDevice::transmitErrs);
    m.put("transmit_drop", HostSource.NetDevice::transmitDrop);
    return m;
  }

  /** A gauge family with one point per item. */
  private static <T> MetricSnapshot gauges(
      String name,
      String help,
      List<T> items,
      Function<T, Labels> labels,
      ToDoubleFunction<T> value) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    for (T item : items) {
      b.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(labels.apply(item))
              .value(value.applyAsDouble(item))
              .build());
    }
    return b.build();
  }

  /**
   * A counter family ({@code name} without {@code _total}) with one point per item; items whose
   * value is NaN are left out, as not every OS reports every statistic.
   */
  private static <T> MetricSnapshot counters(
      String name,
      String help,
      List<T> items,
      Function<T, Labels> labels,
      ToDoubleFunction<T> value) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
    for (T item : items) {
      double v = value.applyAsDouble(item);
      if (!Double.isNaN(v)) {
        b.dataPoint(counter(labels.apply(item), v));
      }
    }
    return b.build();
  }

  static List<MetricSnapshot> stat(HostSource.Kernel kernel) {
    return List.of(
        gauge("node_boot_time_seconds", "Node boot time, in unixtime.", kernel.bootTimeSeconds()),
        CounterSnapshot.builder()
            .name("node_context_switches")
            .help("Total number of context switches.")
            .dataPoint(counter(Labels.EMPTY, kernel.contextSwitches()))
            .build(),
        CounterSnapshot.builder()
            .name("node_intr")
            .help("Total number of interrupts serviced.")
            .dataPoint(counter(Labels.EMPTY, kernel.interrupts()))
            .build());
  }

  static List<MetricSnapshot> time(double epochSeconds) {
    return List.of(
        gauge("node_time_seconds", "System time in seconds since epoch (1970).", epochSeconds));
  }

  static List<MetricSnapshot> uname(HostSource.Uname u) {
    return List.of(
        InfoSnapshot.builder()
            .name("node_uname")
            .help("Labeled system information as provided by the uname system call.")
            .dataPoint(
                InfoDataPointSnapshot.builder()
                    .labels(
                        Labels.of(
                            "domainname", u.domainname(),
                            "machine", u.machine(),
                            "nodename", u.nodename(),
                            "release", u.release(),
                            "sysname", u.sysname(),
                            "version", u.version()))
                    .build())
            .build());
  }

  private static MetricSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static CounterDataPointSnapshot counter(Labels labels, double value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }
}
