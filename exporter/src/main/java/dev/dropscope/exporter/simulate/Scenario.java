package dev.dropscope.exporter.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The simulated world, free of I/O and of the wall clock: the bots of the chosen packs and the
 * markets they share, driven forward in simulated time. The same seed, start and settings give the
 * same events, byte for byte, however the time is sliced into {@link #advanceTo} calls; a pack's
 * events do not depend on which other packs run. The seed alone fixes the wallets, the price paths
 * and the sequence of outcomes; identifiers (event ids, tx hashes, trade ids) also depend on the
 * start, so two runs never share them.
 */
final class Scenario {
  private final Agenda agenda;
  private final List<SimEvent> buffer = new ArrayList<>();

  /**
   * @param start the simulated time the world starts at (kept to the millisecond)
   * @param wallets how many wallets the airdrop bot farms with
   */
  Scenario(long seed, Instant start, int wallets, Set<Pack> packs) {
    long startMillis = start.toEpochMilli();
    this.agenda = new Agenda(startMillis);
    Markets markets = new Markets(seed, startMillis);
    // Identifiers (event ids, tx hashes, trade ids) also depend on the start, so a rerun from
    // another start does not reuse them; everything else depends on the seed alone.
    long runSeed = Rng.mix(seed, "run@" + startMillis);
    String run = String.format("%08x", runSeed >>> 32);
    // Fixed construction order: ties in the agenda break by scheduling order.
    if (packs.contains(Pack.AIRDROPS)) {
      new AirdropsBot(seed, runSeed, wallets, agenda, emitter(Pack.AIRDROPS, run), markets).start();
    }
    if (packs.contains(Pack.TRADING)) {
      new TradingBot(seed, runSeed, agenda, emitter(Pack.TRADING, run), markets).start();
    }
    if (packs.contains(Pack.GATEWAY)) {
      new Gateway(seed, runSeed, agenda, emitter(Pack.GATEWAY, run), markets).start();
    }
  }

  private Emitter emitter(Pack pack, String run) {
    return new Emitter(agenda, pack, run, buffer::add);
  }

  /** The simulated time the world has reached. */
  Instant now() {
    return Instant.ofEpochMilli(agenda.now());
  }

  /** When the next thing can happen; nothing is emitted before it. */
  Instant nextEventAt() {
    return Instant.ofEpochMilli(agenda.next());
  }

  /**
   * Runs the world up to and including {@code until} and returns what happened since the last call,
   * in time order ({@code until} must not be before {@link #now()}).
   */
  List<SimEvent> advanceTo(Instant until) {
    long millis = until.toEpochMilli();
    if (millis < agenda.now()) {
      throw new IllegalArgumentException("cannot go back in time from " + now() + " to " + until);
    }
    agenda.runUntil(millis);
    List<SimEvent> events = List.copyOf(buffer);
    buffer.clear();
    return events;
  }
}
