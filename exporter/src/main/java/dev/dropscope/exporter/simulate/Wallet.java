package dev.dropscope.exporter.simulate;

import dev.dropscope.exporter.simulate.Catalog.Protocol;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One of the bot's wallets: its address, the protocols it farms and what it holds. */
final class Wallet {
  private final String address;
  private final List<Protocol> protocols;
  private final TreeMap<String, Double> holdings = new TreeMap<>();

  Wallet(String address, List<Protocol> protocols) {
    this.address = address;
    this.protocols = List.copyOf(protocols);
  }

  String address() {
    return address;
  }

  List<Protocol> protocols() {
    return protocols;
  }

  boolean farms(Protocol p) {
    for (Protocol q : protocols) {
      if (q == p) {
        return true;
      }
    }
    return false;
  }

  /** Token to amount, tokens in alphabetical order, zero amounts left out. */
  Map<String, Double> holdings() {
    return holdings;
  }

  double amount(String token) {
    return holdings.getOrDefault(token, 0.0);
  }

  void add(String token, double amount) {
    holdings.merge(token, amount, Double::sum);
  }

  /** Takes {@code amount} of {@code token}, never below zero. */
  void spend(String token, double amount) {
    double left = Math.max(0, amount(token) - amount);
    holdings.put(token, left);
  }

  /** What the wallet is worth at {@code now}'s prices. */
  double valueUsd(Markets markets, long now) {
    double total = 0;
    for (Map.Entry<String, Double> e : holdings.entrySet()) {
      total += e.getValue() * markets.usd(e.getKey(), now);
    }
    return total;
  }
}
