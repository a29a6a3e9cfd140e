package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.rate;
import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.model.Target.prom;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import java.util.List;

/**
 * The host the exporter runs on, from the node_exporter-named metrics it publishes: the quick look
 * operators expect first, then CPU, memory, disks, network and the kernel.
 */
final class HostDashboard {
  private static final String REAL_FS = "fstype!~\"tmpfs|ramfs|overlay|squashfs|nsfs\"";
  private static final String NOT_LOOPBACK = "device!=\"lo\"";

  private HostDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-host",
        "Host overview",
        "The machine a dropscope exporter runs on, under node_exporter's metric names: CPU, load,"
            + " memory, swap, filesystems, disks, network and uptime. Works with node_exporter"
            + " targets too.",
        List.of("host"),
        Q.scope("node_uname_info"),
        List.of(quickLook(), cpu(), memory(), disks(), network(), kernel()),
        "now-6h");
  }

  private static Row quickLook() {
    return Row.of(
        "Quick look",
        Panel.stat(
                "CPU busy",
                Unit.RATIO,
                "Share of CPU time not idle, all cores together. HostCpuBusy fires above 90% for"
                    + " 5 minutes.",
                prom(cpuBusy(), "{{instance}}"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.8, "orange", 0.9, "red"),
        Panel.stat(
                "Load per CPU",
                Unit.COUNT,
                "1-minute load average divided by the number of CPUs: above 1, runnable tasks wait"
                    + " for a CPU.",
                prom(
                    sel("node_load1")
                        + " / on (instance, job) count by (instance, job) ("
                        + sel("node_cpu_seconds_total", "mode=\"idle\"")
                        + ")",
                    "{{instance}}"))
            .withThresholds("green", 1, "orange", 2, "red"),
        Panel.stat(
                "RAM used",
                Unit.RATIO,
                "Memory not available to new work (1 - MemAvailable / MemTotal). HostMemoryUsed"
                    + " fires above 90%.",
                prom(
                    "1 - "
                        + sel("node_memory_MemAvailable_bytes")
                        + " / "
                        + sel("node_memory_MemTotal_bytes"),
                    "{{instance}}"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.8, "orange", 0.9, "red"),
        Panel.stat(
                "Swap used",
                Unit.RATIO,
                "Share of swap space in use; 0 on hosts without swap.",
                prom(
                    "("
                        + sel("node_memory_SwapTotal_bytes")
                        + " - "
                        + sel("node_memory_SwapFree_bytes")
                        + ") / clamp_min("
                        + sel("node_memory_SwapTotal_bytes")
                        + ", 1)",
                    "{{instance}}"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.5, "orange", 0.8, "red"),
        Panel.stat(
                "Root FS used",
                Unit.RATIO,
                "Share of the root filesystem not available to unprivileged users (1 - avail /"
                    + " size). HostFilesystemUsed fires above 90%.",
                prom(
                    "1 - "
                        + sel("node_filesystem_avail_bytes", "mountpoint=\"/\"")
                        + " / "
                        + sel("node_filesystem_size_bytes", "mountpoint=\"/\""),
                    "{{instance}}"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.8, "orange", 0.9, "red"),
        Panel.stat(
                "Uptime",
                Unit.SECONDS,
                "Time since the host booted; orange for the first hour after a reboot.",
                prom(
                    sel("node_time_seconds") + " - " + sel("node_boot_time_seconds"),
                    "{{instance}}"))
            .withThresholds("orange", 3600, "green"));
  }

  private static Row cpu() {
    String cpus =
        "count by (instance, job) (" + sel("node_cpu_seconds_total", "mode=\"idle\"") + ")";
    return Row.of(
        "CPU",
        Panel.timeseries(
                "CPU time by mode",
                Unit.RATIO,
                "Share of all CPUs' time spent in each mode other than idle, stacked: the top of"
                    + " the stack is the CPU busy figure.",
                prom(
                    "sum by (instance, job, mode) ("
                        + rate("node_cpu_seconds_total", "mode!=\"idle\"")
                        + ") / on (instance, job) group_left "
                        + cpus,
                    "{{instance}} {{mode}}"))
            .withStacking()
            .withRange(0.0, 1.0),
        Panel.timeseries(
            "Load average",
            Unit.COUNT,
            "Runnable and uninterruptible tasks averaged over 1, 5 and 15 minutes, against the"
                + " number of CPUs.",
            prom(sel("node_load1"), "{{instance}} 1m"),
            prom(sel("node_load5"), "{{instance}} 5m"),
            prom(sel("node_load15"), "{{instance}} 15m"),
            prom(cpus, "{{instance}} CPUs")));
  }

  private static Row memory() {
    return Row.of(
        "Memory",
        Panel.timeseries(
            "Memory",
            Unit.BYTES,
            "Used (MemTotal - MemAvailable), page cache, buffers and what is still available.",
            prom(
                sel("node_memory_MemTotal_bytes") + " - " + sel("node_memory_MemAvailable_bytes"),
                "{{instance}} used"),
            prom(sel("node_memory_Cached_bytes"), "{{instance}} cached"),
            prom(sel("node_memory_Buffers_bytes"), "{{instance}} buffers"),
            prom(sel("node_memory_MemAvailable_bytes"), "{{instance}} available")),
        Panel.timeseries(
            "Swap",
            Unit.BYTES,
            "Swap in use against the swap configured; both 0 on hosts without swap.",
            prom(
                sel("node_memory_SwapTotal_bytes") + " - " + sel("node_memory_SwapFree_bytes"),
                "{{instance}} used"),
            prom(sel("node_memory_SwapTotal_bytes"), "{{instance}} total")));
  }

  private static Row disks() {
    return Row.of(
        "Filesystems and disks",
        Panel.bars(
                "Filesystem used",
                Unit.RATIO,
                "Share of each real filesystem not available to unprivileged users (tmpfs, overlay"
                    + " and squashfs left out).",
                prom(
                    "1 - "
                        + sel("node_filesystem_avail_bytes", REAL_FS)
                        + " / "
                        + sel("node_filesystem_size_bytes", REAL_FS),
                    "{{instance}} {{mountpoint}}"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.8, "orange", 0.9, "red"),
        Panel.timeseries(
                "Disk throughput",
                Unit.BYTES_PER_SECOND,
                "Bytes read from and written to each block device per second.",
                prom(rate("node_disk_read_bytes_total"), "{{instance}} {{device}} read"),
                prom(rate("node_disk_written_bytes_total"), "{{instance}} {{device}} written"))
            .withSize(8, 8),
        Panel.timeseries(
                "Disk busy",
                Unit.RATIO,
                "Share of time each block device had I/O in flight; near 100% the device is"
                    + " saturated.",
                prom(rate("node_disk_io_time_seconds_total"), "{{instance}} {{device}}"))
            .withSize(8, 8)
            .withRange(0.0, 1.0));
  }

  private static Row network() {
    return Row.of(
        "Network",
        Panel.timeseries(
            "Network traffic",
            Unit.BYTES_PER_SECOND,
            "Bytes received and sent per second on each interface but loopback.",
            prom(
                rate("node_network_receive_bytes_total", NOT_LOOPBACK),
                "{{instance}} {{device}} in"),
            prom(
                rate("node_network_transmit_bytes_total", NOT_LOOPBACK),
                "{{instance}} {{device}} out")),
        Panel.timeseries(
            "Network errors and drops",
            Unit.PACKETS_PER_SECOND,
            "Packets per second that arrived or left with errors, or were dropped. HostNetworkErrors"
                + " fires on sustained errors.",
            prom(
                rate("node_network_receive_errs_total", NOT_LOOPBACK),
                "{{instance}} {{device}} receive errors"),
            prom(
                rate("node_network_transmit_errs_total", NOT_LOOPBACK),
                "{{instance}} {{device}} transmit errors"),
            prom(
                rate("node_network_receive_drop_total", NOT_LOOPBACK),
                "{{instance}} {{device}} receive drops")));
  }

  private static Row kernel() {
    return Row.of(
        "Kernel",
        Panel.timeseries(
            "Context switches and interrupts",
            Unit.PER_SECOND,
            "Context switches and interrupts per second, all CPUs together.",
            prom(rate("node_context_switches_total"), "{{instance}} context switches"),
            prom(rate("node_intr_total"), "{{instance}} interrupts")),
        Panel.table(
                "Hosts",
                Unit.NONE,
                "Each host's name, kernel and architecture (node_uname_info).",
                prom(sel("node_uname_info")))
            .withSize(12, 8)
            .hidingColumns("Time", "Value", "__name__"));
  }

  private static String cpuBusy() {
    return "1 - avg by (instance, job) (" + rate("node_cpu_seconds_total", "mode=\"idle\"") + ")";
  }
}
