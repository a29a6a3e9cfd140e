package dev.dropscope.exporter.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiPredicate;

/**
 * A two-CPU host with fixed readings: the input of the golden tests. {@link #hangFilesystems()}
 * makes the filesystem reading block like a hung network mount until {@link #release()}.
 */
public final class FixtureHostSource implements HostSource {
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hangFilesystems;
  private volatile double memAvailableBytes = 6L << 30;

  public FixtureHostSource hangFilesystems() {
    hangFilesystems = true;
    return this;
  }

  public void release() {
    release.countDown();
  }

  /** Sets MemAvailable so that {@code 1 - MemAvailable / MemTotal} equals {@code usedRatio}. */
  public FixtureHostSource memoryUsed(double usedRatio) {
    memAvailableBytes = (1 - usedRatio) * (16L << 30);
    return this;
  }

  @Override
  public List<Cpu> cpus() {
    return List.of(
        new Cpu("0", 1200.5, 3.25, 310.0, 98000.0, 12.5, 0.0, 4.75, 0.5),
        new Cpu("1", 1100.0, 2.0, 290.5, 98100.25, 10.0, 0.0, 3.5, 0.25));
  }

  @Override
  public Load load() {
    return new Load(0.52, 0.61, 0.7);
  }

  @Override
  public Map<String, Double> memory() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("MemTotal_bytes", (double) (16L << 30));
    m.put("MemFree_bytes", (double) (2L << 30));
    m.put("MemAvailable_bytes", memAvailableBytes);
    m.put("Buffers_bytes", (double) (256L << 20));
    m.put("Cached_bytes", (double) (3L << 30));
    m.put("Active_anon_bytes", (double) (1L << 30));
    m.put("SwapTotal_bytes", (double) (4L << 30));
    m.put("SwapFree_bytes", (double) (4L << 30));
    m.put("HugePages_Total", 0.0);
    return m;
  }

  @Override
  public List<Filesystem> filesystems(BiPredicate<String, String> include) {
    if (hangFilesystems) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return List.of(
            new Filesystem("/dev/vda1", "/", "ext4", 100e9, 40e9, 35e9, 6.5e6, 5.9e6, false),
            new Filesystem(
                "/dev/vdb1", "/mnt/my data", "xfs", 50e9, 49e9, 49e9, 2.5e7, 2.5e7, true),
            new Filesystem("proc", "/proc", "proc", 0, 0, 0, 0, 0, false),
            new Filesystem("tmpfs", "/run", "tmpfs", 1.6e9, 1.5e9, 1.5e9, 4e6, 3.9e6, false),
            new Filesystem(
                "overlay",
                "/var/lib/docker/overlay2/abc/merged",
                "overlay",
                1e9,
                1e9,
                1e9,
                1,
                1,
                false))
        .stream()
        .filter(f -> include.test(f.mountpoint(), f.fstype()))
        .toList();
  }

  @Override
  public List<Disk> disks() {
    return List.of(
        new Disk("vda", 120345, 98765, 4.5e9, 9.25e9, 321.5, 2),
        new Disk("vda1", 120000, 98000, 4.4e9, 9.2e9, 320.0, 2),
        new Disk("loop0", 50, 0, 1e5, 0, 0.01, 0));
  }

  @Override
  public List<NetDevice> netDevices() {
    return List.of(
        new NetDevice("eth0", 9.8e9, 7.1e6, 3, 12, 1.2e9, 2.4e6, 0, 1),
        new NetDevice("lo", 5.5e8, 1.1e6, 0, 0, 5.5e8, 1.1e6, 0, 0));
  }

  @Override
  public Kernel kernel() {
    return new Kernel(1.7950e9, 9.87654321e8, 4.56789e8);
  }

  @Override
  public Uname uname() {
    return new Uname(
        "Linux",
        "6.1.0-18-amd64",
        "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1",
        "x86_64",
        "bot-host-1",
        "(none)");
  }

  @Override
  public double timeSeconds() {
    return 1.7953e9 + 0.25;
  }
}
