package dev.dropscope.exporter.simulate;

import java.util.Locale;
import java.util.Set;

/** The built-in packs the simulator can play, and which of their events the exporter journals. */
enum Pack {
  AIRDROPS(Set.of("claim", "interaction", "portfolio")),
  TRADING(Set.of("trade")),
  GATEWAY(Set.of("transaction"));

  private final Set<String> journaled;

  Pack(Set<String> journaled) {
    this.journaled = journaled;
  }

  /** The name in event types and on the command line: {@code airdrops}. */
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The events the pack marks {@code journaled: true} (the ones the ETL loads), e.g. claim. */
  Set<String> journaled() {
    return journaled;
  }

  /** Whether {@code type} ({@code <pack>.<event>}) is a journaled event of a built-in pack. */
  static boolean isJournaled(String type) {
    int dot = type.indexOf('.');
    Pack p = byWireName(type.substring(0, dot));
    return p != null && p.journaled.contains(type.substring(dot + 1));
  }

  /** The pack called {@code name}, or null. */
  static Pack byWireName(String name) {
    for (Pack p : values()) {
      if (p.wireName().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
