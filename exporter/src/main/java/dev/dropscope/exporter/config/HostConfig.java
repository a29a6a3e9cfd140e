package dev.dropscope.exporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Host metrics, published under node_exporter's names.
 *
 * @param enabled whether host metrics are published at all
 * @param collectors which host collectors run; all of {@link #ALL} by default
 * @param filesystem which mounts {@code node_filesystem_*} covers
 * @param diskstats which block devices {@code node_disk_*} covers
 * @param netdev which interfaces {@code node_network_*} covers
 */
public record HostConfig(
    Boolean enabled,
    List<String> collectors,
    FilesystemFilter filesystem,
    DeviceFilter diskstats,
    DeviceFilter netdev) {

  /** The host collectors, named as node_exporter names them. */
  public static final Set<String> ALL =
      Set.of(
          "cpu",
          "loadavg",
          "meminfo",
          "filesystem",
          "diskstats",
          "netdev",
          "stat",
          "time",
          "uname");

  public HostConfig {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    collectors = collectors != null ? List.copyOf(collectors) : List.copyOf(new TreeSet<>(ALL));
    filesystem = filesystem != null ? filesystem : FilesystemFilter.defaults();
    diskstats = diskstats != null ? diskstats : DeviceFilter.defaultDiskstats();
    netdev = netdev != null ? netdev : DeviceFilter.defaultNetdev();
    for (int i = 0; i < collectors.size(); i++) {
      if (!ALL.contains(collectors.get(i))) {
        throw ConfigException.invalid(
            "collectors[" + i + "]",
            "one of " + String.join("|", new TreeSet<>(ALL)),
            collectors.get(i));
      }
    }
  }

  public static HostConfig defaults() {
    return new HostConfig(null, null, null, null, null);
  }

  public boolean runs(String collector) {
    return enabled && collectors.contains(collector);
  }

  /**
   * Mounts left out of {@code node_filesystem_*}; the defaults are node_exporter 1.5's, which skip
   * pseudo and container-internal filesystems.
   */
  public record FilesystemFilter(
      @JsonProperty("mount_points_exclude") Pattern mountPointsExclude,
      @JsonProperty("fs_types_exclude") Pattern fsTypesExclude) {

    public static final String DEFAULT_MOUNT_POINTS_EXCLUDE =
        "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";
    public static final String DEFAULT_FS_TYPES_EXCLUDE =
        "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs"
            + "|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs"
            + "|squashfs|sysfs|tracefs)$";

    public FilesystemFilter {
      mountPointsExclude =
          mountPointsExclude != null
              ? mountPointsExclude
              : Pattern.compile(DEFAULT_MOUNT_POINTS_EXCLUDE);
      fsTypesExclude =
          fsTypesExclude != null ? fsTypesExclude : Pattern.compile(DEFAULT_FS_TYPES_EXCLUDE);
    }

    public static FilesystemFilter defaults() {
      return new FilesystemFilter(null, null);
    }

    public boolean includes(String mountPoint, String fsType) {
      return !mountPointsExclude.matcher(mountPoint).find()
          && !fsTypesExclude.matcher(fsType).find();
    }
  }

  /** Devices left out of a collector, by name. */
  public record DeviceFilter(@JsonProperty("device_exclude") Pattern deviceExclude) {

    /** node_exporter 1.5's default: partitions, RAM disks, loop devices and floppies. */
    public static final String DEFAULT_DISK_EXCLUDE =
        "^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";

    public static DeviceFilter defaultDiskstats() {
      return new DeviceFilter(Pattern.compile(DEFAULT_DISK_EXCLUDE));
    }

    /** Every interface, loopback included, as node_exporter does. */
    public static DeviceFilter defaultNetdev() {
      return new DeviceFilter(null);
    }

    public boolean includes(String device) {
      return deviceExclude == null || !deviceExclude.matcher(device).find();
    }
  }
}
