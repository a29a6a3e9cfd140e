package dev.dropscope.exporter.health;

import dev.dropscope.exporter.config.HealthConfig.SystemThresholds;
import dev.dropscope.exporter.config.HostConfig.FilesystemFilter;
import dev.dropscope.exporter.host.HostSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host against thresholds: CPU busy since the previous check, memory used, and the fullest
 * filesystem. Over any threshold the part is {@code degraded}.
 *
 * <pre>{"status":"up","cpu_busy_ratio":0.07,"memory_used_ratio":0.41,
 *  "disk_used_ratio":0.22,"disk_fullest_mountpoint":"/", "thresholds":{...}}</pre>
 */
public final class SystemHealth implements HealthCheck {
  private final HostSource source;
  private final SystemThresholds thresholds;
  private final FilesystemFilter filesystems;
  private double[] lastCpu; // {busy seconds, total seconds}
  private double lastBusyRatio;

  public SystemHealth(
      HostSource source, SystemThresholds thresholds, FilesystemFilter filesystems) {
    this.source = source;
    this.thresholds = thresholds;
    this.filesystems = filesystems;
    this.lastCpu = cpuSeconds(source.cpus());
  }

  @Override
  public String name() {
    return "system";
  }

  @Override
  public Part check() {
    double cpu = cpuBusyRatio();
    double mem = memoryUsedRatio(source.memory());
    double disk = 0;
    String fullest = "";
    for (HostSource.Filesystem f : source.filesystems(filesystems::includes)) {
      if (f.sizeBytes() > 0 && !f.readonly()) {
        double used = 1 - f.availBytes() / f.sizeBytes();
        if (used > disk) {
          disk = used;
          fullest = f.mountpoint();
        }
      }
    }
    Status status = Status.UP;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("cpu_busy_ratio", round(cpu));
    details.put("memory_used_ratio", round(mem));
    details.put("disk_used_ratio", round(disk));
    details.put("disk_fullest_mountpoint", fullest);
    if (cpu > thresholds.cpuBusy()
        || mem > thresholds.memoryUsed()
        || disk > thresholds.diskUsed()) {
      status = Status.DEGRADED;
    }
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("cpu_busy_ratio", thresholds.cpuBusy());
    limits.put("memory_used_ratio", thresholds.memoryUsed());
    limits.put("disk_used_ratio", thresholds.diskUsed());
    details.put("thresholds", limits);
    return Part.of(status, details);
  }

  private synchronized double cpuBusyRatio() {
    double[] now = cpuSeconds(source.cpus());
    double total = now[1] - lastCpu[1];
    if (total <= 0) {
      return lastBusyRatio; // too soon after the previous check to tell
    }
    lastBusyRatio = Math.min(1, Math.max(0, (now[0] - lastCpu[0]) / total));
    lastCpu = now;
    return lastBusyRatio;
  }

  private static double[] cpuSeconds(List<HostSource.Cpu> cpus) {
    double busy = 0;
    double total = 0;
    for (HostSource.Cpu c : cpus) {
      double t = c.total();
      total += t;
      busy += t - c.idle() - c.iowait();
    }
    return new double[] {busy, total};
  }

  static double memoryUsedRatio(Map<String, Double> memory) {
    Double total = memory.get("MemTotal_bytes");
    Double avail = memory.getOrDefault("MemAvailable_bytes", memory.get("MemFree_bytes"));
    if (total == null || avail == null || total <= 0) {
      return 0;
    }
    return 1 - avail / total;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
