package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code trading} pack's bot: agents that predict and place orders on three exchanges, long
 * positions marked to the shared price walks, realised P&L on sells, API latency samples,
 * rate-limit headroom, the occasional dropped connection and agent error, and account snapshots.
 */
final class TradingBot {
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60_000;
  private static final long DAY = 86_400_000;

  /** An exchange: typical API latency, taker fee rate and rate-limit window size. */
  record Exchange(String name, double latencySeconds, double takerFee, int rateLimit) {}

  /** An agent: how often it is right, how often it trades, what it trades. */
  record Agent(String name, double accuracy, double tradesPerHour, double errorRate) {}

  static final List<Exchange> EXCHANGES =
      List.of(
          new Exchange("binance", 0.045, 0.0010, 1200),
          new Exchange("bybit", 0.060, 0.00055, 600),
          new Exchange("okx", 0.070, 0.0008, 1000));
  static final List<Agent> AGENTS =
      List.of(
          new Agent("momentum", 0.56, 15, 0.004),
          new Agent("mean_reversion", 0.53, 12, 0.004),
          new Agent("llm_sentiment", 0.58, 6, 0.02));
  private static final Map<String, String> SYMBOLS =
      Map.of("BTC-USDT", "BTC", "ETH-USDT", "ETH", "SOL-USDT", "SOL");
  private static final List<String> SYMBOL_NAMES = List.of("BTC-USDT", "ETH-USDT", "SOL-USDT");
  private static final List<String> ENDPOINTS = List.of("ticker", "orderbook", "order", "account");
  private static final double[] ENDPOINT_FACTOR = {0.6, 1.0, 1.6, 1.2};
  private static final List<String> ORDER_OUTCOMES =
      List.of("filled", "partially_filled", "cancelled", "rejected", "expired");
  private static final double[] ORDER_OUTCOME_WEIGHTS = {82, 6, 7, 3, 2};
  private static final List<String> AGENT_ERRORS =
      List.of("timeout", "model_error", "stale_data", "invalid_signal");

  private static final class Position {
    double quantity;
    double averagePrice;
  }

  private final Agenda agenda;
  private final Emitter out;
  private final Markets markets;
  private final Rng orders;
  private final Rng exchange;
  private final Rng agents;
  private final Map<String, Position> positions = new LinkedHashMap<>();
  private final Map<String, Boolean> connected = new HashMap<>();
  private final Map<String, Integer> remaining = new HashMap<>();
  private final Map<String, Long> nextTradeId = new HashMap<>();
  private final double startingEquity;
  private double realized;
  private double fees;
  private double peakEquity;

  /**
   * @param seed fixes the account, the agents' decisions and the exchanges' behaviour
   * @param runSeed fixes where trade ids start, which must differ between runs
   */
  TradingBot(long seed, long runSeed, Agenda agenda, Emitter out, Markets markets) {
    this.agenda = agenda;
    this.out = out;
    this.markets = markets;
    this.orders = Rng.stream(seed, "trading.orders");
    this.exchange = Rng.stream(seed, "trading.exchanges");
    this.agents = Rng.stream(seed, "trading.agents");
    this.startingEquity = Rng.round(orders.between(10_000, 50_000), 2);
    this.peakEquity = startingEquity;
    Rng ids = Rng.stream(runSeed, "trading.ids");
    for (Exchange e : EXCHANGES) {
      connected.put(e.name(), true);
      remaining.put(e.name(), e.rateLimit());
      nextTradeId.put(e.name(), ids.longBetween(1_000_000_000L, 9_000_000_000L));
    }
  }

  void start() {
    for (Agent a : AGENTS) {
      agenda.after(nextDecision(a), () -> decide(a));
      agenda.every(5 * MINUTE, agents.longBetween(0, 5 * MINUTE), () -> predict(a));
    }
    for (Exchange e : EXCHANGES) {
      agenda.every(20 * SECOND, exchange.longBetween(0, 20 * SECOND), () -> latency(e));
      agenda.every(30 * SECOND, exchange.longBetween(0, 30 * SECOND), () -> rateLimit(e));
      agenda.every(MINUTE, exchange.longBetween(0, MINUTE), () -> reportConnection(e));
      agenda.after((long) (exchange.exponential(1.5) * DAY), () -> disconnect(e));
    }
    agenda.every(MINUTE, 2_500, this::account);
  }

  private long nextDecision(Agent a) {
    return (long) (agents.exponential(60.0 / a.tradesPerHour()) * MINUTE) + SECOND;
  }

  // --- orders and trades -------------------------------------------------------------------

  private void decide(Agent a) {
    agenda.after(nextDecision(a), () -> decide(a));
    if (agents.chance(a.errorRate())) {
      String kind = agents.pick(AGENT_ERRORS);
      out.emit(
          "agent_error",
          Emitter.fields()
              .put("agent", a.name())
              .put("kind", kind)
              .put("message", a.name() + ": " + kind.replace('_', ' ') + " while deciding"));
      return;
    }
    List<Exchange> up = EXCHANGES.stream().filter(e -> connected.get(e.name())).toList();
    if (up.isEmpty()) {
      return;
    }
    Exchange e = orders.pick(up);
    String symbol = orders.pick(SYMBOL_NAMES);
    long now = agenda.now();
    double price = markets.usd(SYMBOLS.get(symbol), now);
    Position pos = positions.computeIfAbsent(e.name() + " " + symbol, k -> new Position());
    double equity = equity(now);
    boolean sell = pos.quantity > 0 && (orders.chance(0.6) || exposure(now) > 3 * equity);
    String side = sell ? "sell" : "buy";
    String status =
        remaining.get(e.name()) < e.rateLimit() / 20
            ? "rejected"
            : orders.weighted(ORDER_OUTCOMES, ORDER_OUTCOME_WEIGHTS);
    double execution = orders.lognormal(e.latencySeconds() * 3, 0.6);
    long done =
        now
            + (long)
                ((status.equals("cancelled") || status.equals("expired")
                        ? orders.between(30, 300)
                        : execution)
                    * 1000);
    if (status.equals("filled") || status.equals("partially_filled")) {
      double fraction = status.equals("filled") ? 1 : orders.between(0.3, 0.9);
      double quantity =
          sell ? pos.quantity * fraction : orders.lognormal(3000, 0.5) / price * fraction;
      double slip = 1 + (sell ? -1 : 1) * orders.between(0, 0.0005);
      fill(a, e, symbol, side, pos, Rng.round(quantity, 6), price * slip, execution, done);
    }
    out.emitAt(
        done,
        "order",
        Emitter.fields()
            .put("exchange", e.name())
            .put("symbol", symbol)
            .put("status", status)
            .put("side", side));
  }

  private void fill(
      Agent a,
      Exchange e,
      String symbol,
      String side,
      Position pos,
      double quantity,
      double price,
      double execution,
      long at) {
    if (quantity <= 0) {
      return;
    }
    double fillPrice = Rng.significant(price, 7);
    double fee = quantity * fillPrice * e.takerFee();
    ObjectNode f =
        Emitter.fields()
            .put("exchange", e.name())
            .put("symbol", symbol)
            .put("side", side)
            .put("quantity", quantity)
            .put("price", fillPrice);
    if (side.equals("sell")) {
      double pnl = (fillPrice - pos.averagePrice) * quantity;
      realized += pnl;
      pos.quantity = pos.quantity - quantity < 1e-6 ? 0 : pos.quantity - quantity;
      f.put("pnl_usd", Rng.round(pnl, 2));
    } else {
      double cost = pos.quantity * pos.averagePrice + quantity * fillPrice;
      pos.quantity += quantity;
      pos.averagePrice = cost / pos.quantity;
    }
    fees += fee;
    f.put("fee_usd", Rng.round(fee, 4))
        .put("execution_seconds", Rng.round(execution, 4))
        .put("agent", a.name())
        .put("trade_id", Long.toString(nextTradeId.merge(e.name(), 1L, Long::sum)));
    out.emitAt(at, "trade", f);
  }

  private void predict(Agent a) {
    boolean correct = agents.chance(a.accuracy());
    double confidence = correct ? agents.between(0.55, 0.95) : agents.between(0.5, 0.85);
    out.emit(
        "prediction",
        Emitter.fields()
            .put("agent", a.name())
            .put("correct", correct)
            .put("confidence", Rng.round(confidence, 3)));
  }

  // --- exchanges ---------------------------------------------------------------------------

  private void latency(Exchange e) {
    if (!connected.get(e.name())) {
      return;
    }
    int i = exchange.intBetween(0, ENDPOINTS.size() - 1);
    double seconds = exchange.lognormal(e.latencySeconds() * ENDPOINT_FACTOR[i], 0.45);
    if (exchange.chance(0.005)) {
      seconds *= exchange.between(10, 40);
    }
    out.emit(
        "latency",
        Emitter.fields()
            .put("exchange", e.name())
            .put("endpoint", ENDPOINTS.get(i))
            .put("seconds", Rng.round(Math.max(seconds, 0.0005), 4)));
  }

  private void rateLimit(Exchange e) {
    double used = exchange.chance(0.02) ? exchange.between(0.9, 1.0) : exchange.between(0.05, 0.45);
    int left = Math.max(0, e.rateLimit() - (int) Math.round(e.rateLimit() * used));
    remaining.put(e.name(), left);
    out.emit(
        "rate_limit",
        Emitter.fields()
            .put("exchange", e.name())
            .put("remaining", left)
            .put("limit", e.rateLimit()));
  }

  private void reportConnection(Exchange e) {
    out.emit(
        "connection",
        Emitter.fields().put("exchange", e.name()).put("connected", connected.get(e.name())));
  }

  /** The connection drops, then comes back after 5 s to 2 min. */
  private void disconnect(Exchange e) {
    agenda.after((long) (exchange.exponential(1.5) * DAY), () -> disconnect(e));
    if (!connected.get(e.name())) {
      return;
    }
    connected.put(e.name(), false);
    reportConnection(e);
    agenda.after(
        exchange.longBetween(5 * SECOND, 2 * MINUTE),
        () -> {
          connected.put(e.name(), true);
          reportConnection(e);
        });
  }

  // --- account -----------------------------------------------------------------------------

  private double exposure(long now) {
    double total = 0;
    for (Map.Entry<String, Position> p : positions.entrySet()) {
      String symbol = p.getKey().substring(p.getKey().indexOf(' ') + 1);
      total += p.getValue().quantity * markets.usd(SYMBOLS.get(symbol), now);
    }
    return total;
  }

  private double equity(long now) {
    double unrealized = 0;
    for (Map.Entry<String, Position> p : positions.entrySet()) {
      String symbol = p.getKey().substring(p.getKey().indexOf(' ') + 1);
      Position pos = p.getValue();
      unrealized += pos.quantity * (markets.usd(SYMBOLS.get(symbol), now) - pos.averagePrice);
    }
    return Math.max(0, startingEquity + realized - fees + unrealized);
  }

  private void account() {
    long now = agenda.now();
    double equity = equity(now);
    double exposure = exposure(now);
    peakEquity = Math.max(peakEquity, equity);
    long open = positions.values().stream().filter(p -> p.quantity > 0).count();
    out.emit(
        "account",
        Emitter.fields()
            .put("equity_usd", Rng.round(equity, 2))
            .put("leverage", equity > 0 ? Rng.round(exposure / equity, 3) : 0.0)
            .put("exposure_usd", Rng.round(exposure, 2))
            .put("drawdown_ratio", Rng.round(Math.clamp(1 - equity / peakEquity, 0, 1), 4))
            .put("open_positions", open));
  }
}
