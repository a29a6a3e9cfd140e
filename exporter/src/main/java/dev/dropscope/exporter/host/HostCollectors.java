package dev.dropscope.exporter.host;

import dev.dropscope.exporter.collect.Collector;
import dev.dropscope.exporter.config.HostConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The host collectors, named after node_exporter's: {@code cpu}, {@code loadavg}, {@code meminfo},
 * {@code filesystem}, {@code diskstats}, {@code netdev}, {@code stat}, {@code time}, {@code uname}.
 */
public final class HostCollectors {
  private HostCollectors() {}

  /** The machine this process runs on, read through OSHI. */
  public static HostSource machine() {
    return new OshiHostSource();
  }

  /** The collectors the configuration enables, reading from {@code source}. */
  public static List<Collector> create(HostConfig config, HostSource source) {
    List<Collector> out = new ArrayList<>();
    if (config.runs("cpu")) {
      out.add(Collector.of("cpu", () -> NodeMetrics.cpu(source.cpus())));
    }
    if (config.runs("loadavg")) {
      out.add(Collector.of("loadavg", () -> NodeMetrics.loadavg(source.load())));
    }
    if (config.runs("meminfo")) {
      out.add(Collector.of("meminfo", () -> NodeMetrics.meminfo(source.memory())));
    }
    if (config.runs("filesystem")) {
      var filter = config.filesystem();
      out.add(
          Collector.of(
              "filesystem", () -> NodeMetrics.filesystem(source.filesystems(filter::includes))));
    }
    if (config.runs("diskstats")) {
      var filter = config.diskstats();
      out.add(
          Collector.of(
              "diskstats",
              () ->
                  NodeMetrics.diskstats(
                      source.disks().stream().filter(d -> filter.includes(d.device())).toList())));
    }
    if (config.runs("netdev")) {
      var filter = config.netdev();
      out.add(
          Collector.of(
              "netdev",
              () ->
                  NodeMetrics.netdev(
                      source.netDevices().stream()
                          .filter(d -> filter.includes(d.device()))
                          .toList())));
    }
    if (config.runs("stat")) {
      out.add(Collector.of("stat", () -> NodeMetrics.stat(source.kernel())));
    }
    if (config.runs("time")) {
      out.add(Collector.of("time", () -> NodeMetrics.time(source.timeSeconds())));
    }
    if (config.runs("uname")) {
      out.add(Collector.of("uname", () -> NodeMetrics.uname(source.uname())));
    }
    return out;
  }
}
