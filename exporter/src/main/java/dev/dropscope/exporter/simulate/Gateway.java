package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code gateway} pack's transaction gateway: transactions arriving with a daily rhythm, client
 * sessions, background jobs and their queues, float and gas inventories that drain and get topped
 * up late now and then, and four services that heartbeat (with the odd outage).
 */
final class Gateway {
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;

  static final List<String> SERVICES = List.of("api", "signer", "broadcaster", "indexer");

  /**
   * A chain the gateway sends to: typical confirmation time and fee, and the inventory item its
   * fees come out of.
   */
  private record Route(String chain, double seconds, double feeUsd, String gasItem) {}

  private static final List<Route> ROUTES =
      List.of(
          new Route("ethereum", 18, 2.5, "eth_gas"),
          new Route("arbitrum", 2, 0.05, "eth_gas"),
          new Route("base", 2, 0.02, "eth_gas"),
          new Route("solana", 1.2, 0.002, "sol_gas"));

  /** SOL a Solana transaction burns: fee, priority fee and token-account rent. */
  private static final double SOL_PER_TX = 0.0025;

  private static final double[] ROUTE_WEIGHTS = {25, 25, 30, 20};
  private static final List<String> TX_TYPES =
      List.of("transfer", "swap", "bridge", "withdrawal", "deposit");
  private static final double[] TX_TYPE_WEIGHTS = {45, 25, 10, 12, 8};

  /** A job queue: how often a job finishes, how long one takes, its usual depth. */
  private record Queue(String name, long everyMillis, double seconds, int usualDepth) {}

  private static final List<Queue> QUEUES =
      List.of(
          new Queue("webhooks", 30 * SECOND, 0.15, 5),
          new Queue("settlement", MINUTE, 8, 12),
          new Queue("reconcile", 5 * MINUTE, 40, 1),
          new Queue("notifications", MINUTE, 0.4, 3));
  private static final List<String> JOB_OUTCOMES = List.of("success", "failed", "retried");
  private static final double[] JOB_OUTCOME_WEIGHTS = {95, 3, 2};

  /** An inventory item and how much of it the gateway can hold. */
  private record Item(String name, double capacity) {}

  private static final List<Item> ITEMS =
      List.of(new Item("usdc_float", 250_000), new Item("eth_gas", 2.0), new Item("sol_gas", 15));

  private final Agenda agenda;
  private final Emitter out;
  private final Markets markets;
  private final Rng traffic;
  private final Rng jobs;
  private final Rng inventory;
  private final Rng hashes;
  private final Heartbeats services;
  private final Map<String, Double> levels = new HashMap<>();
  private final Map<String, Boolean> refillOrdered = new HashMap<>();
  private final Map<String, Double> depths = new HashMap<>();

  /**
   * @param seed fixes the traffic and its outcomes
   * @param runSeed fixes the transaction hashes, which must differ between runs
   */
  Gateway(long seed, long runSeed, Agenda agenda, Emitter out, Markets markets) {
    this.agenda = agenda;
    this.out = out;
    this.markets = markets;
    this.traffic = Rng.stream(seed, "gateway.traffic");
    this.jobs = Rng.stream(seed, "gateway.jobs");
    this.inventory = Rng.stream(seed, "gateway.inventory");
    this.hashes = Rng.stream(runSeed, "gateway.hashes");
    this.services =
        new Heartbeats(
            agenda,
            out,
            Rng.stream(seed, "gateway.services"),
            "heartbeat",
            "service",
            SERVICES,
            1.5,
            (service, mode) -> {});
    for (Item i : ITEMS) {
      levels.put(i.name(), i.capacity() * inventory.between(0.4, 0.9));
      refillOrdered.put(i.name(), false);
    }
    for (Queue q : QUEUES) {
      depths.put(q.name(), (double) q.usualDepth());
    }
  }

  void start() {
    services.start();
    agenda.after(nextArrival(), this::transaction);
    agenda.every(30 * SECOND, 4_000, this::sessions);
    for (Queue q : QUEUES) {
      agenda.after((long) jobs.exponential(q.everyMillis()), () -> job(q));
      agenda.every(MINUTE, jobs.longBetween(0, MINUTE), () -> queueDepth(q));
    }
    for (Item i : ITEMS) {
      agenda.every(MINUTE, inventory.longBetween(0, MINUTE), () -> reportInventory(i));
    }
  }

  /** 0.4 at night (UTC) to 1.6 in the afternoon. */
  private double dailyRhythm() {
    double hour = Math.floorMod(agenda.now(), 24 * HOUR) / (double) HOUR;
    return 1.0 + 0.6 * StrictMath.sin(2 * StrictMath.PI * (hour - 9) / 24);
  }

  private long nextArrival() {
    double perMinute = 2.0 * dailyRhythm();
    return (long) (traffic.exponential(MINUTE / perMinute)) + 1;
  }

  private void transaction() {
    agenda.after(nextArrival(), this::transaction);
    long now = agenda.now();
    Route r = traffic.weighted(ROUTES, ROUTE_WEIGHTS);
    String type = traffic.weighted(TX_TYPES, TX_TYPE_WEIGHTS);
    boolean broadcasterOk = services.isUp("broadcaster");
    double roll = traffic.uniform();
    String status =
        roll < (broadcasterOk ? 0.02 : 0.3)
            ? "timeout"
            : roll < (broadcasterOk ? 0.06 : 0.4) ? "failed" : "success";
    double seconds =
        status.equals("timeout")
            ? 120
            : traffic.lognormal(r.seconds(), 0.6) + traffic.between(0.1, 0.4);
    double fee = status.equals("timeout") ? 0 : traffic.lognormal(r.feeUsd(), 0.5);
    boolean signerFailed = status.equals("failed") && traffic.chance(0.3);
    ObjectNode f =
        Emitter.fields()
            .put("tx_type", type)
            .put("status", status)
            .put("chain", r.chain())
            .put("duration_seconds", Rng.round(seconds, 3));
    if (signerFailed) {
      f.put("fee_usd", 0.0).put("service", "signer"); // never reached the chain
    } else {
      String hash = r.chain().equals("solana") ? hashes.base58(88) : hashes.hex(64);
      f.put("fee_usd", Rng.round(fee, 4)).put("tx_hash", hash).put("service", "broadcaster");
    }
    out.emitAt(now + (long) (seconds * 1000), "transaction", f);
    if (status.equals("timeout") || signerFailed) {
      return;
    }
    double gas = r.gasItem().equals("eth_gas") ? fee / markets.usd("ETH", now) : SOL_PER_TX;
    take(r.gasItem(), gas);
    if (status.equals("success") && type.equals("withdrawal")) {
      take("usdc_float", traffic.lognormal(900, 1.0));
    } else if (status.equals("success") && type.equals("deposit")) {
      take("usdc_float", -traffic.lognormal(900, 1.0));
    }
  }

  private void take(String item, double amount) {
    Item i = ITEMS.stream().filter(x -> x.name().equals(item)).findFirst().orElseThrow();
    double level = Math.clamp(levels.get(item) - amount, 0, i.capacity());
    levels.put(item, level);
    if (level < 0.2 * i.capacity() && !refillOrdered.get(item)) {
      refillOrdered.put(item, true);
      agenda.after(
          inventory.longBetween(20 * MINUTE, 4 * HOUR),
          () -> {
            levels.put(item, i.capacity() * inventory.between(0.85, 0.98));
            refillOrdered.put(item, false);
          });
    }
  }

  private void reportInventory(Item i) {
    double level = levels.get(i.name());
    out.emit(
        "inventory",
        Emitter.fields()
            .put("item", i.name())
            .put("level", Rng.round(level, i.capacity() > 1000 ? 2 : 4))
            .put("capacity", i.capacity()));
  }

  private void sessions() {
    double active = 180 * dailyRhythm() * traffic.lognormal(1, 0.08);
    if (!services.isUp("api")) {
      active *= 0.3;
    }
    out.emit("sessions", Emitter.fields().put("active", Math.round(active)));
  }

  private void job(Queue q) {
    agenda.after((long) jobs.exponential(q.everyMillis()) + 1, () -> job(q));
    boolean indexerDown = q.name().equals("reconcile") && !services.isUp("indexer");
    String status = indexerDown ? "failed" : jobs.weighted(JOB_OUTCOMES, JOB_OUTCOME_WEIGHTS);
    out.emit(
        "job",
        Emitter.fields()
            .put("queue", q.name())
            .put("status", status)
            .put("duration_seconds", Rng.round(jobs.lognormal(q.seconds(), 0.7), 3)));
  }

  private void queueDepth(Queue q) {
    double target = q.usualDepth();
    if (q.name().equals("settlement") && !services.isUp("broadcaster")) {
      target *= 20;
    }
    double depth =
        0.8 * depths.get(q.name()) + 0.2 * target + jobs.gaussian() * 0.3 * q.usualDepth();
    if (jobs.chance(0.005)) {
      depth += jobs.between(50, 300);
    }
    depth = Math.max(0, depth);
    depths.put(q.name(), depth);
    out.emit("queue", Emitter.fields().put("queue", q.name()).put("depth", Math.round(depth)));
  }
}
