package dev.dropscope.exporter.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsers for the procfs files the Linux source reads; text in, records out. */
final class ProcFiles {
  private ProcFiles() {}

  /** A line of /proc/self/mounts. */
  record Mount(String device, String mountpoint, String fstype, boolean readonly) {}

  /**
   * /proc/meminfo, named as node_exporter names it: {@code Active(anon)} becomes {@code
   * Active_anon_bytes} with kB turned into bytes; fields without a unit (the {@code HugePages_*}
   * page counts) keep their bare name.
   */
  static Map<String, Double> meminfo(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String[] parts = line.substring(colon + 1).trim().split("\\s+");
      if (parts.length == 0 || parts[0].isEmpty()) {
        continue;
      }
      double value;
      try {
        value = Double.parseDouble(parts[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      String key = line.substring(0, colon).replace("(", "_").replace(")", "");
      if (parts.length > 1 && parts[1].equals("kB")) {
        value *= 1024;
        key += "_bytes";
      }
      out.put(key, value);
    }
    return out;
  }

  static List<Mount> mounts(String text) {
    List<Mount> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.split(" ");
      if (f.length < 4) {
        continue;
      }
      boolean ro = false;
      for (String opt : f[3].split(",")) {
        if (opt.equals("ro")) {
          ro = true;
          break;
        }
      }
      out.add(new Mount(unescape(f[0]), unescape(f[1]), f[2], ro));
    }
    return out;
  }

  /** Mount fields escape space, tab, newline and backslash as three octal digits: {@code \040}. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }

  /**
   * /proc/net/dev: two header lines, then {@code name: rx bytes packets errs drop fifo frame
   * compressed multicast tx bytes packets errs drop fifo colls carrier compressed}.
   */
  static List<HostSource.NetDevice> netDev(String text) {
    List<HostSource.NetDevice> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String[] v = line.substring(colon + 1).trim().split("\\s+");
      if (v.length < 16) {
        continue;
      }
      out.add(
          new HostSource.NetDevice(
              line.substring(0, colon).trim(),
              d(v[0]),
              d(v[1]),
              d(v[2]),
              d(v[3]),
              d(v[8]),
              d(v[9]),
              d(v[10]),
              d(v[11])));
    }
    return out;
  }

  private static double d(String s) {
    return Double.parseDouble(s);
  }
}
