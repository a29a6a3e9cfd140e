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
import java.util.List;
import java.util.Map;
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
    return List.of(
        fsGauge(
            "node_filesystem_size_bytes",
            "Filesystem size in bytes.",
            filesystems,
            HostSource.Filesystem::sizeBytes),
        fsGauge(
            "node_filesystem_free_bytes",
            "Filesystem free space in bytes.",
            filesystems,
            HostSource.Filesystem::freeBytes),
        fsGauge(
            "node_filesystem_avail_bytes",
            "Filesystem space available to non-root users in bytes.",
            filesystems,
            HostSource.Filesystem::availBytes),
        fsGauge(
            "node_filesystem_files",
            "Filesystem total file nodes.",
            filesystems,
            HostSource.Filesystem::files),
        fsGauge(
            "node_filesystem_files_free",
            "Filesystem total free file nodes.",
            filesystems,
            HostSource.Filesystem::filesFree),
        fsGauge(
            "node_filesystem_readonly",
            "Filesystem read-only status.",
            filesystems,
            f -> f.readonly() ? 1 : 0));
  }

  private static MetricSnapshot fsGauge(
      String name,
      String help,
      List<HostSource.Filesystem> filesystems,
      ToDoubleFunction<HostSource.Filesystem> value) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    for (HostSource.Filesystem f : filesystems) {
      b.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(
                  Labels.of(
                      "device", f.device(), "fstype", f.fstype(), "mountpoint", f.mountpoint()))
              .value(value.applyAsDouble(f))
              .build());
    }
    return b.build();
  }

  static List<MetricSnapshot> diskstats(List<HostSource.Disk> disks) {
    return List.of(
        diskCounter(
            "node_disk_reads_completed",
            "The total number of reads completed successfully.",
            disks,
            HostSource.Disk::readsCompleted),
        diskCounter(
            "node_disk_read_bytes",
            "The total number of bytes read successfully.",
            disks,
            HostSource.Disk::readBytes),
        diskCounter(
            "node_disk_writes_completed",
            "The total number of writes completed successfully.",
            disks,
            HostSource.Disk::writesCompleted),
        diskCounter(
            "node_disk_written_bytes",
            "The total number of bytes written successfully.",
            disks,
            HostSource.Disk::writtenBytes),
        diskCounter(
            "node_disk_io_time_seconds",
            "Total seconds spent doing I/Os.",
            disks,
            HostSource.Disk::ioTimeSeconds),
        diskGauge("node_disk_io_now", "The number of I/Os currently in progress.", disks));
  }

  private static MetricSnapshot diskCounter(
      String name,
      String help,
      List<HostSource.Disk> disks,
      ToDoubleFunction<HostSource.Disk> value) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
    for (HostSource.Disk d : disks) {
      b.dataPoint(counter(Labels.of("device", d.device()), value.applyAsDouble(d)));
    }
    return b.build();
  }

  private static MetricSnapshot diskGauge(String name, String help, List<HostSource.Disk> disks) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    for (HostSource.Disk d : disks) {
      b.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(Labels.of("device", d.device()))
              .value(d.ioNow())
              .build());
    }
    return b.build();
  }

  static List<MetricSnapshot> netdev(List<HostSource.NetDevice> devices) {
    return List.of(
        net(
            "node_network_receive_bytes",
            "Network device statistic receive_bytes.",
            devices,
            HostSource.NetDevice::receiveBytes),
        net(
            "node_network_receive_packets",
            "Network device statistic receive_packets.",
            devices,
            HostSource.NetDevice::receivePackets),
        net(
            "node_network_receive_errs",
            "Network device statistic receive_errs.",
            devices,
            HostSource.NetDevice::receiveErrs),
        net(
            "node_network_receive_drop",
            "Network device statistic receive_drop.",
            devices,
            HostSource.NetDevice::receiveDrop),
        net(
            "node_network_transmit_bytes",
            "Network device statistic transmit_bytes.",
            devices,
            HostSource.NetDevice::transmitBytes),
        net(
            "node_network_transmit_packets",
            "Network device statistic transmit_packets.",
            devices,
            HostSource.NetDevice::transmitPackets),
        net(
            "node_network_transmit_errs",
            "Network device statistic transmit_errs.",
            devices,
            HostSource.NetDevice::transmitErrs),
        net(
            "node_network_transmit_drop",
            "Network device statistic transmit_drop.",
            devices,
            HostSource.NetDevice::transmitDrop));
  }

  private static MetricSnapshot net(
      String name,
      String help,
      List<HostSource.NetDevice> devices,
      ToDoubleFunction<HostSource.NetDevice> value) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
    for (HostSource.NetDevice d : devices) {
      double v = value.applyAsDouble(d);
      if (!Double.isNaN(v)) { // not every OS reports every statistic
        b.dataPoint(counter(Labels.of("device", d.device()), v));
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
