package dev.dropscope.exporter.simulate;

import java.util.List;

/** The chains and protocols the airdrop bot farms, with their costs and odds. */
final class Catalog {
  private Catalog() {}

  /** 2025-01-01T00:00:00Z, when each chain's {@link Chain#baseBlock()} was (roughly) current. */
  private static final long BLOCK_REFERENCE_MILLIS = 1_735_689_600_000L;

  /**
   * A chain: block time, block height at the reference date, typical gas price (gwei, lognormal
   * spread) and how long a transaction takes to confirm.
   */
  record Chain(
      String name,
      long blockMillis,
      long baseBlock,
      double gasPriceGwei,
      double gasPriceSigma,
      double confirmSeconds) {

    /** The block height at simulated time {@code millis}. */
    long blockAt(long millis) {
      return Math.max(0, baseBlock + Math.floorDiv(millis - BLOCK_REFERENCE_MILLIS, blockMillis));
    }
  }

  static final Chain ETHEREUM = new Chain("ethereum", 12_000, 21_525_000, 12.0, 0.45, 15);
  static final Chain ZKSYNC = new Chain("zksync-era", 1_000, 52_000_000, 0.045, 0.2, 3);
  static final Chain STARKNET = new Chain("starknet", 6_000, 1_000_000, 0.02, 0.3, 8);
  static final Chain ARBITRUM = new Chain("arbitrum", 250, 290_000_000, 0.01, 0.3, 2);
  static final Chain SCROLL = new Chain("scroll", 3_000, 12_000_000, 0.04, 0.3, 5);
  static final Chain LINEA = new Chain("linea", 2_000, 13_600_000, 0.06, 0.3, 4);
  static final Chain BLAST = new Chain("blast", 2_000, 14_500_000, 0.003, 0.4, 4);

  /**
   * A farmed protocol.
   *
   * @param task the scheduler task that farms it
   * @param taskEveryMinutes how often that task runs
   * @param claimSuccess probability a claim transaction succeeds
   * @param claimMedianUsd median USD value of one claim (lognormal, spread {@code claimSigma})
   * @param claimsPerWeek how many claims a wallet farming it becomes eligible for per week
   * @param interactionFailure probability an interaction reverts on a healthy chain
   * @param gasPerTx typical gas units of one transaction
   * @param extraFeeUsd protocol fee on top of gas (e.g. LayerZero's messaging fee), median
   */
  record Protocol(
      String name,
      String token,
      Chain chain,
      String task,
      int taskEveryMinutes,
      double claimSuccess,
      double claimMedianUsd,
      double claimSigma,
      double claimsPerWeek,
      double interactionFailure,
      List<String> actions,
      double[] actionWeights,
      long gasPerTx,
      double extraFeeUsd) {}

  static final List<Protocol> PROTOCOLS =
      List.of(
          new Protocol(
              "zksync",
              "ZK",
              ZKSYNC,
              "farm_zksync",
              30,
              0.93,
              320,
              0.9,
              0.6,
              0.03,
              List.of("swap", "lp_add", "lp_remove", "bridge", "mint"),
              new double[] {5, 2, 1, 1, 1},
              900_000,
              0),
          new Protocol(
              "starknet",
              "STRK",
              STARKNET,
              "farm_starknet",
              35,
              0.88,
              260,
              0.9,
              0.5,
              0.04,
              List.of("swap", "lp_add", "stake", "mint"),
              new double[] {5, 2, 2, 1},
              1_200_000,
              0),
          new Protocol(
              "layerzero",
              "ZRO",
              ARBITRUM,
              "bridge_layerzero",
              45,
              0.85,
              410,
              1.0,
              0.4,
              0.05,
              List.of("bridge", "swap"),
              new double[] {6, 1},
              450_000,
              0.8),
          new Protocol(
              "scroll",
              "SCR",
              SCROLL,
              "bridge_scroll",
              40,
              0.95,
              150,
              0.8,
              0.7,
              0.03,
              List.of("bridge", "swap", "lp_add", "deposit"),
              new double[] {3, 4, 2, 1},
              350_000,
              0),
          new Protocol(
              "linea",
              "LINEA",
              LINEA,
              "farm_linea",
              30,
              0.90,
              120,
              0.8,
              0.8,
              0.035,
              List.of("swap", "lp_add", "mint", "vote"),
              new double[] {5, 2, 2, 1},
              400_000,
              0),
          new Protocol(
              "blast",
              "BLAST",
              BLAST,
              "farm_blast",
              25,
              0.72,
              90,
              1.1,
              1.2,
              0.06,
              List.of("deposit", "swap", "stake", "withdraw"),
              new double[] {3, 4, 2, 1},
              300_000,
              0),
          new Protocol(
              "eigenlayer",
              "EIGEN",
              ETHEREUM,
              "restake_eigenlayer",
              360,
              0.97,
              850,
              0.7,
              1.0,
              0.02,
              List.of("stake", "deposit", "unstake", "withdraw"),
              new double[] {4, 3, 1, 1},
              180_000,
              0));
}
