package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.simulate.Catalog.Chain;
import dev.dropscope.exporter.simulate.Catalog.Protocol;
import dev.dropscope.exporter.simulate.Heartbeats.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code airdrops} pack's bot: a scheduler running farm tasks (protocol interactions that cost
 * gas), claim checks (claims with per-protocol odds and values), price updates, rebalances and a
 * daily portfolio sync; a risk desk; five components that heartbeat; and the odd incident (a
 * chain's RPC failing, a component going quiet) with the errors it causes.
 */
final class AirdropsBot {
  static final List<String> COMPONENTS =
      List.of("scheduler", "risk_manager", "capital_allocator", "claimer", "portfolio_tracker");

  private static final long MINUTE = 60_000;
  private static final long DAY = 86_400_000;
  private static final double TASK_TIMEOUT_SECONDS = 300;
  private static final int CLAIM_CHECKS_PER_WEEK = 7 * 24 * 2;
  private static final int MAX_CLAIM_ATTEMPTS = 4;

  /** A claim the bot found and has not yet landed. */
  private static final class PendingClaim {
    final Wallet wallet;
    final Protocol protocol;
    final double amount;
    int attempts;

    PendingClaim(Wallet wallet, Protocol protocol, double amount) {
      this.wallet = wallet;
      this.protocol = protocol;
      this.amount = amount;
    }
  }

  private final Agenda agenda;
  private final Emitter out;
  private final Markets markets;
  private final Rng tasks;
  private final Rng chain;
  private final Rng claims;
  private final Rng incidents;
  private final Rng hashes;
  private final List<Wallet> wallets;
  private final RiskDesk risk;
  private final Heartbeats heartbeats;
  private final List<PendingClaim> pending = new ArrayList<>();
  private final Map<Chain, Long> rpcTroubleUntil = new HashMap<>();
  private final int scheduledTasks;
  private int running;

  /**
   * @param seed fixes the wallets, odds and outcomes
   * @param runSeed fixes the transaction hashes, which must differ between runs
   */
  AirdropsBot(
      long seed, long runSeed, int walletCount, Agenda agenda, Emitter out, Markets markets) {
    this.agenda = agenda;
    this.out = out;
    this.markets = markets;
    this.tasks = Rng.stream(seed, "airdrops.tasks");
    this.chain = Rng.stream(seed, "airdrops.chain");
    this.claims = Rng.stream(seed, "airdrops.claims");
    this.incidents = Rng.stream(seed, "airdrops.incidents");
    this.hashes = Rng.stream(runSeed, "airdrops.hashes");
    this.wallets = createWallets(Rng.stream(seed, "airdrops.wallets"), walletCount);
    this.risk = new RiskDesk(agenda, out, Rng.stream(seed, "airdrops.risk"), markets, this.wallets);
    this.heartbeats =
        new Heartbeats(
            agenda,
            out,
            Rng.stream(seed, "airdrops.heartbeats"),
            "heartbeat",
            "component",
            COMPONENTS,
            2.5,
            this::componentOutage);
    this.scheduledTasks = Catalog.PROTOCOLS.size() + 4;
  }

  private List<Wallet> createWallets(Rng rng, int count) {
    long now = agenda.now();
    List<Wallet> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Protocol> farmed = new ArrayList<>();
      for (Protocol p : Catalog.PROTOCOLS) {
        if (rng.chance(0.75)) {
          farmed.add(p);
        }
      }
      while (farmed.size() < 2) {
        Protocol p = rng.pick(Catalog.PROTOCOLS);
        if (!farmed.contains(p)) {
          farmed.add(p);
        }
      }
      farmed.sort(Comparator.comparingInt(Catalog.PROTOCOLS::indexOf));
      Wallet w = new Wallet(rng.hex(40), farmed);
      w.add("ETH", Rng.round(rng.between(0.5, 3.0), 6));
      w.add("USDC", Rng.round(rng.between(500, 5000), 2));
      // a few tokens from earlier seasons
      for (Protocol p : farmed) {
        if (rng.chance(0.3)) {
          w.add(p.token(), Rng.round(rng.lognormal(150, 0.8) / markets.usd(p.token(), now), 6));
        }
      }
      result.add(w);
    }
    return result;
  }

  void start() {
    heartbeats.start();
    risk.start();
    for (Protocol p : Catalog.PROTOCOLS) {
      long period = p.taskEveryMinutes() * MINUTE;
      agenda.at(agenda.now() + tasks.longBetween(5_000, period), () -> farm(p));
    }
    agenda.every(30 * MINUTE, tasks.longBetween(10_000, 30 * MINUTE), this::claimCheck);
    agenda.every(5 * MINUTE, 1_000, this::priceUpdate);
    agenda.every(60 * MINUTE, tasks.longBetween(0, 60 * MINUTE), this::rebalance);
    agenda.every(30_000, 500, this::reportScheduler);
    agenda.after(1_500, this::portfolioSync);
    agenda.at(Math.floorDiv(agenda.now(), DAY) * DAY + DAY, this::dailyPortfolioSync);
    agenda.after((long) (incidents.exponential(2.0) * DAY), this::rpcIncident);
    agenda.after((long) (incidents.exponential(0.25) * DAY), this::backgroundError);
  }

  // --- tasks -------------------------------------------------------------------------------

  private void farm(Protocol p) {
    agenda.after((long) (p.taskEveryMinutes() * MINUTE * tasks.between(0.8, 1.2)), () -> farm(p));
    runFarm(p, 0);
  }

  /** One run of a farm task; a failed run is retried a few minutes later, up to twice. */
  private void runFarm(Protocol p, int retry) {
    if (risk.breakerOpen()) {
      finishTask(p.task(), "skipped", tasks.between(0.01, 0.2));
      return;
    }
    List<Wallet> farmers = wallets.stream().filter(w -> w.farms(p)).toList();
    if (farmers.isEmpty()) {
      finishTask(p.task(), "skipped", tasks.between(0.01, 0.05));
      return;
    }
    Wallet w = tasks.pick(farmers);
    running++;
    double t = tasks.between(0.5, 3);
    String status = "success";
    int steps = tasks.intBetween(1, 3);
    for (int i = 0; i < steps; i++) {
      double seconds = interact(w, p, agenda.now() + (long) (t * 1000));
      t += Math.abs(seconds) + tasks.between(0.2, 2);
      if (seconds < 0) {
        status = "failed";
        break;
      }
    }
    if (t > TASK_TIMEOUT_SECONDS || tasks.chance(0.01)) {
      status = "timeout";
      t = TASK_TIMEOUT_SECONDS;
      emitErrorAt(agenda.now() + 300_000, "scheduler", "task_timeout", p.task() + " ran past 300s");
    }
    long end = agenda.now() + (long) (t * 1000);
    String finalStatus = status;
    double duration = t;
    agenda.at(
        end,
        () -> {
          running--;
          finishTask(p.task(), finalStatus, duration);
          if (finalStatus.equals("failed") && retry < 2) {
            agenda.after(tasks.longBetween(MINUTE, 3 * MINUTE), () -> runFarm(p, retry + 1));
          }
        });
  }

  /**
   * Submits one interaction at {@code at}; returns how long it took to confirm in seconds, negated
   * when it failed.
   */
  private double interact(Wallet w, Protocol p, long at) {
    Chain c = p.chain();
    boolean trouble = rpcTrouble(c, at);
    String action = chain.weighted(p.actions(), p.actionWeights());
    boolean ok = !chain.chance(trouble ? 0.6 : p.interactionFailure());
    double seconds = chain.lognormal(c.confirmSeconds(), 0.5) * (trouble ? 3 : 1);
    Gas gas =
        gas(c, (long) (p.gasPerTx() * chain.lognormal(1, 0.25) * (ok ? 1 : chain.between(0.3, 1))));
    double fee = gas.feeUsd + (p.extraFeeUsd() > 0 ? chain.lognormal(p.extraFeeUsd(), 0.4) : 0);
    long confirmed = at + (long) (seconds * 1000);
    ObjectNode f =
        Emitter.fields()
            .put("protocol", p.name())
            .put("wallet", w.address())
            .put("action", action)
            .put("status", ok ? "success" : "failed")
            .put("chain", c.name())
            .put("fee_usd", Rng.round(fee, 4))
            .put("gas_used", gas.used)
            .put("gas_price_gwei", gas.priceGwei)
            .put("duration_seconds", Rng.round(seconds, 3))
            .put("tx_hash", hashes.hex(64))
            .put("block_number", c.blockAt(confirmed));
    String errorKind = ok ? null : trouble ? "rpc_timeout" : chain.pick(TX_ERRORS);
    agenda.at(
        confirmed,
        () -> {
          w.spend("ETH", gas.feeEth);
          out.emit("interaction", f);
          risk.recordOutcome(ok);
          if (errorKind != null) {
            emitError("scheduler", errorKind, p.name() + " " + action + " failed on " + c.name());
          }
        });
    return ok ? seconds : -seconds;
  }

  private static final List<String> TX_ERRORS =
      List.of("tx_reverted", "tx_reverted", "out_of_gas", "nonce_too_low", "slippage_exceeded");

  private record Gas(long used, double priceGwei, double feeEth, double feeUsd) {}

  private Gas gas(Chain c, long used) {
    double gwei = Rng.significant(chain.lognormal(c.gasPriceGwei(), c.gasPriceSigma()), 4);
    double eth = used * gwei * 1e-9;
    return new Gas(used, gwei, eth, eth * markets.usd("ETH", agenda.now()));
  }

  private void claimCheck() {
    if (!heartbeats.isUp("claimer")) {
      finishTask("claim_check", "failed", tasks.between(1, 5));
      emitError("claimer", "unavailable", "claim_check could not reach the claimer");
      return;
    }
    long now = agenda.now();
    for (Wallet w : wallets) {
      for (Protocol p : w.protocols()) {
        if (claims.chance(p.claimsPerWeek() / CLAIM_CHECKS_PER_WEEK)) {
          double usd = claims.lognormal(p.claimMedianUsd(), p.claimSigma());
          double amount = Rng.round(usd / markets.usd(p.token(), now), 6);
          pending.add(new PendingClaim(w, p, amount));
        }
      }
    }
    running++;
    double t = tasks.between(0.5, 2);
    for (Iterator<PendingClaim> it = pending.iterator(); it.hasNext(); ) {
      PendingClaim c = it.next();
      t += claims.between(1, 4);
      ClaimAttempt attempt = claim(c, now + (long) (t * 1000));
      t += attempt.seconds();
      if (attempt.landed()) {
        it.remove();
      } else if (++c.attempts >= MAX_CLAIM_ATTEMPTS) {
        it.remove();
        emitErrorAt(
            now + (long) (t * 1000),
            "claimer",
            "claim_abandoned",
            c.protocol.name() + " claim gave up after " + MAX_CLAIM_ATTEMPTS + " attempts");
      }
    }
    String status = tasks.chance(0.01) ? "timeout" : "success";
    double duration = status.equals("timeout") ? 60 : t;
    agenda.at(
        now + (long) (duration * 1000),
        () -> {
          running--;
          finishTask("claim_check", status, duration);
        });
  }

  private record ClaimAttempt(double seconds, boolean landed) {}

  /** Sends one claim at {@code at}. */
  private ClaimAttempt claim(PendingClaim c, long at) {
    Protocol p = c.protocol;
    Chain ch = p.chain();
    boolean ok = claims.chance(p.claimSuccess() * (rpcTrouble(ch, at) ? 0.4 : 1));
    double seconds = claims.lognormal(ch.confirmSeconds(), 0.5);
    Gas gas = gas(ch, (long) (p.gasPerTx() * 0.8 * claims.lognormal(1, 0.2)));
    long confirmed = at + (long) (seconds * 1000);
    ObjectNode f =
        Emitter.fields()
            .put("protocol", p.name())
            .put("wallet", c.wallet.address())
            .put("token", p.token())
            .put("status", ok ? "success" : "failed");
    if (ok) {
      f.put("amount", c.amount);
      f.put("value_usd", Rng.round(c.amount * markets.usd(p.token(), agenda.now()), 2));
    }
    f.put("fee_usd", Rng.round(gas.feeUsd, 4))
        .put("gas_used", gas.used)
        .put("gas_price_gwei", gas.priceGwei)
        .put("chain", ch.name())
        .put("tx_hash", hashes.hex(64))
        .put("block_number", ch.blockAt(confirmed));
    agenda.at(
        confirmed,
        () -> {
          c.wallet.spend("ETH", gas.feeEth);
          if (ok) {
            c.wallet.add(p.token(), c.amount);
          }
          out.emit("claim", f);
          risk.recordOutcome(ok);
          if (!ok) {
            emitError("claimer", "claim_reverted", p.name() + " claim reverted");
          }
        });
    return new ClaimAttempt(seconds, ok);
  }

  private void priceUpdate() {
    if (tasks.chance(0.02)) {
      finishTask("price_update", "failed", tasks.between(5, 15));
      emitError("portfolio_tracker", "price_feed_stale", "price source returned stale quotes");
      return;
    }
    long now = agenda.now();
    List<String> tokens = new ArrayList<>(List.of("ETH", "BTC"));
    Catalog.PROTOCOLS.forEach(p -> tokens.add(p.token()));
    for (String token : tokens) {
      out.emit(
          "price",
          Emitter.fields()
              .put("token", token)
              .put("usd", Rng.significant(markets.usd(token, now), 6)));
    }
    finishTask("price_update", "success", tasks.between(0.2, 1.5));
  }

  private void rebalance() {
    risk.rebalance();
    finishTask("rebalance", "success", tasks.between(1, 8));
  }

  private void dailyPortfolioSync() {
    portfolioSync();
    agenda.after(DAY, this::dailyPortfolioSync);
  }

  private void portfolioSync() {
    long now = agenda.now();
    for (Wallet w : wallets) {
      ArrayNode positions = Emitter.fields().arrayNode();
      for (Map.Entry<String, Double> h : w.holdings().entrySet()) {
        if (h.getValue() > 0) {
          positions
              .addObject()
              .put("token", h.getKey())
              .put("amount", Rng.round(h.getValue(), 6))
              .put("value_usd", Rng.round(h.getValue() * markets.usd(h.getKey(), now), 2));
        }
      }
      ObjectNode f = Emitter.fields().put("wallet", w.address());
      f.set("positions", positions);
      out.emit("portfolio", f);
    }
    finishTask("portfolio_sync", "success", tasks.between(2, 10));
  }

  private void finishTask(String task, String status, double seconds) {
    out.emit(
        "task",
        Emitter.fields()
            .put("task", task)
            .put("status", status)
            .put("duration_seconds", Rng.round(seconds, 3)));
  }

  private void reportScheduler() {
    int queued = heartbeats.isUp("scheduler") ? tasks.intBetween(0, 2) : tasks.intBetween(4, 15);
    out.emit(
        "scheduler",
        Emitter.fields()
            .put("queued", queued)
            .put("running", running)
            .put("scheduled", Math.max(0, scheduledTasks - running)));
  }

  // --- incidents and errors ----------------------------------------------------------------

  private boolean rpcTrouble(Chain c, long at) {
    return at < rpcTroubleUntil.getOrDefault(c, Long.MIN_VALUE);
  }

  /** A chain's RPC endpoint fails for 10 to 40 minutes: most transactions on it fail. */
  private void rpcIncident() {
    Protocol p = incidents.pick(Catalog.PROTOCOLS);
    rpcTroubleUntil.put(p.chain(), agenda.now() + incidents.longBetween(10, 40) * MINUTE);
    emitError("scheduler", "rpc_unavailable", p.chain().name() + " RPC endpoint not responding");
    agenda.after((long) (incidents.exponential(2.0) * DAY), this::rpcIncident);
  }

  /** An everyday error: which component reports it, its kind and message. */
  private record Trouble(String component, String kind, String message) {}

  private static final List<Trouble> BACKGROUND_ERRORS =
      List.of(
          new Trouble("portfolio_tracker", "price_feed_stale", "a price quote was too old"),
          new Trouble("claimer", "nonce_too_low", "nonce already used; resynced"),
          new Trouble("scheduler", "task_overrun", "a task started late"),
          new Trouble("capital_allocator", "rebalance_slippage", "rebalance slipped past 1%"),
          new Trouble("risk_manager", "exposure_limit", "a protocol hit its exposure limit"));

  /** About four a day, whatever else happens. */
  private void backgroundError() {
    Trouble t = incidents.pick(BACKGROUND_ERRORS);
    emitError(t.component(), t.kind(), t.message());
    agenda.after((long) (incidents.exponential(0.25) * DAY), this::backgroundError);
  }

  private void componentOutage(String component, Mode mode) {
    switch (mode) {
      case SILENT -> emitError(component, "unresponsive", component + " stopped responding");
      case DEGRADED -> emitError(component, "degraded", component + " is running degraded");
      case DOWN -> emitError(component, "crashed", component + " is down");
      case UP -> {}
    }
  }

  private void emitError(String component, String kind, String message) {
    out.emit(
        "error",
        Emitter.fields().put("component", component).put("kind", kind).put("message", message));
  }

  private void emitErrorAt(long at, String component, String kind, String message) {
    agenda.at(at, () -> emitError(component, kind, message));
  }
}
