package dev.dropscope.exporter.host;

import com.sun.jna.platform.linux.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;
import oshi.util.driver.linux.proc.DiskStats;
import oshi.util.driver.linux.proc.DiskStats.IoStat;

/**
 * Reads the machine through OSHI. On Linux it reads the few things OSHI does not surface the way
 * node_exporter publishes them straight from procfs: every /proc/meminfo field, transmit drops from
 * /proc/net/dev, and filesystems by statvfs(3) on the mounts that pass the filter, so an excluded
 * hung mount is never touched.
 */
final class OshiHostSource implements HostSource {
  private static final double SECTOR_BYTES = 512;

  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final HardwareAbstractionLayer hardware;
  private final OperatingSystem os;
  private final boolean linux;
  private final Path proc;

  OshiHostSource() {
    this(Path.of("/proc"));
  }

  OshiHostSource(Path proc) {
    SystemInfo si = new SystemInfo();
    this.hardware = si.getHardware();
    this.processor = hardware.getProcessor();
    this.memory = hardware.getMemory();
    this.os = si.getOperatingSystem();
    this.linux = System.getProperty("os.name", "").startsWith("Linux");
    this.proc = proc;
  }

  @Override
  public List<Cpu> cpus() {
    long[][] ticks = processor.getProcessorCpuLoadTicks();
    List<Cpu> out = new ArrayList<>(ticks.length);
    for (int i = 0; i < ticks.length; i++) {
      long[] t = ticks[i];
      out.add(
          new Cpu(
              Integer.toString(i),
              ms(t, TickType.USER),
              ms(t, TickType.NICE),
              ms(t, TickType.SYSTEM),
              ms(t, TickType.IDLE),
              ms(t, TickType.IOWAIT),
              ms(t, TickType.IRQ),
              ms(t, TickType.SOFTIRQ),
              ms(t, TickType.STEAL)));
    }
    return out;
  }

  private static double ms(long[] ticks, TickType type) {
    return ticks[type.getIndex()] / 1000.0;
  }

  @Override
  public Load load() {
    double[] avg = processor.getSystemLoadAverage(3);
    return new Load(avg[0], avg[1], avg[2]);
  }

  @Override
  public Map<String, Double> memory() {
    if (linux) {
      return ProcFiles.meminfo(read("meminfo"));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("MemTotal_bytes", (double) memory.getTotal());
    out.put("MemAvailable_bytes", (double) memory.getAvailable());
    var swap = memory.getVirtualMemory();
    out.put("SwapTotal_bytes", (double) swap.getSwapTotal());
    out.put("SwapFree_bytes", (double) (swap.getSwapTotal() - swap.getSwapUsed()));
    return out;
  }

  @Override
  public List<Filesystem> filesystems(BiPredicate<String, String> include) {
    return linux ? linuxFilesystems(include) : oshiFilesystems(include);
  }

  private List<Filesystem> linuxFilesystems(BiPredicate<String, String> include) {
    List<Filesystem> out = new ArrayList<>();
    for (ProcFiles.Mount m : ProcFiles.mounts(read("self/mounts"))) {
      if (!include.test(m.mountpoint(), m.fstype())) {
        continue;
      }
      LibC.Statvfs st = new LibC.Statvfs();
      if (LibC.INSTANCE.statvfs(m.mountpoint(), st) != 0) {
        continue; // vanished or not permitted; node_exporter counts these as device errors
      }
      double unit = st.f_frsize.longValue() != 0 ? st.f_frsize.longValue() : st.f_bsize.longValue();
      out.add(
          new Filesystem(
              m.device(),
              m.mountpoint(),
              m.fstype(),
              st.f_blocks.longValue() * unit,
              st.f_bfree.longValue() * unit,
              st.f_bavail.longValue() * unit,
              st.f_files.longValue(),
              st.f_ffree.longValue(),
              m.readonly()));
    }
    return out;
  }

  private List<Filesystem> oshiFilesystems(BiPredicate<String, String> include) {
    List<Filesystem> out = new ArrayList<>();
    for (OSFileStore fs : os.getFileSystem().getFileStores()) {
      if (!include.test(fs.getMount(), fs.getType())) {
        continue;
      }
      boolean ro = Arrays.asList(fs.getOptions().split(",")).contains("ro");
      out.add(
          new Filesystem(
              fs.getVolume(),
              fs.getMount(),
              fs.getType(),
              fs.getTotalSpace(),
              fs.getFreeSpace(),
              fs.getUsableSpace(),
              fs.getTotalInodes(),
              fs.getFreeInodes(),
              ro));
    }
    return out;
  }

  @Override
  public List<Disk> disks() {
    List<Disk> out = new ArrayList<>();
    if (linux) {
      DiskStats.getDiskStats()
          .forEach(
              (device, s) ->
                  out.add(
                      new Disk(
                          device,
                          s.getOrDefault(IoStat.READS, 0L),
                          s.getOrDefault(IoStat.WRITES, 0L),
                          s.getOrDefault(IoStat.READS_SECTOR, 0L) * SECTOR_BYTES,
                          s.getOrDefault(IoStat.WRITES_SECTOR, 0L) * SECTOR_BYTES,
                          s.getOrDefault(IoStat.IO_MS, 0L) / 1000.0,
                          s.getOrDefault(IoStat.IO_QUEUE_LENGTH, 0L))));
      return out;
    }
    for (HWDiskStore d : hardware.getDiskStores()) {
      out.add(
          new Disk(
              d.getName(),
              d.getReads(),
              d.getWrites(),
              d.getReadBytes(),
              d.getWriteBytes(),
              d.getTransferTime() / 1000.0,
              d.getCurrentQueueLength()));
    }
    return out;
  }

  @Override
  public List<NetDevice> netDevices() {
    if (linux) {
      return ProcFiles.netDev(read("net/dev"));
    }
    List<NetDevice> out = new ArrayList<>();
    for (NetworkIF n : hardware.getNetworkIFs(true)) {
      out.add(
          new NetDevice(
              n.getName(),
              n.getBytesRecv(),
              n.getPacketsRecv(),
              n.getInErrors(),
              n.getInDrops(),
              n.getBytesSent(),
              n.getPacketsSent(),
              n.getOutErrors(),
              Double.NaN));
    }
    return out;
  }

  @Override
  public Kernel kernel() {
    return new Kernel(
        os.getSystemBootTime(), processor.getContextSwitches(), processor.getInterrupts());
  }

  @Override
  public Uname uname() {
    String arch = machine(System.getProperty("os.arch", "unknown"));
    if (linux) {
      return new Uname(
          sysctl("ostype", "Linux"),
          sysctl("osrelease", ""),
          sysctl("version", ""),
          arch,
          sysctl("hostname", ""),
          sysctl("domainname", "(none)"));
    }
    var info = os.getVersionInfo();
    return new Uname(
        os.getFamily(),
        String.valueOf(info.getVersion()),
        String.valueOf(info.getBuildNumber()),
        arch,
        os.getNetworkParams().getHostName(),
        String.valueOf(os.getNetworkParams().getDomainName()));
  }

  @Override
  public double timeSeconds() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() + now.getNano() / 1e9;
  }

  private String sysctl(String name, String fallback) {
    String value = read("sys/kernel/" + name).strip();
    return value.isEmpty() ? fallback : value;
  }

  private static String machine(String osArch) {
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "x86_64";
      case "x86", "i386" -> "i686";
      case "arm64" -> "aarch64";
      default -> osArch;
    };
  }

  private String read(String relative) {
    try {
      return Files.readString(proc.resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + proc.resolve(relative), e);
    }
  }
}
