package io.driftline.server.configdrift;

import io.driftline.server.config.ConfigDriftSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code estimatedMonthlyCost}: requested CPU cores, memory GiB and volume GiB of what runs, times
 * the configured monthly prices ({@code configdrift.price.*}), rounded to cents. Requests, not
 * usage: they are what a cluster reserves and so what capacity costs.
 */
public final class PriceTable {
  private static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);
  private final ConfigDriftSettings.Prices prices;

  public PriceTable(ConfigDriftSettings.Prices prices) {
    this.prices = prices;
  }

  /**
   * @param cpuCores requested cores of one replica
   * @param memoryBytes requested memory of one replica
   * @param storageBytes volume bytes in total (all replicas)
   */
  public double monthly(
      int replicas, BigDecimal cpuCores, BigDecimal memoryBytes, BigDecimal storageBytes) {
    BigDecimal perReplica =
        cpuCores
            .multiply(BigDecimal.valueOf(prices.cpuCoreMonth()))
            .add(
                memoryBytes
                    .divide(GIB, 9, RoundingMode.HALF_UP)
                    .multiply(BigDecimal.valueOf(prices.memoryGibMonth())));
    BigDecimal storage =
        storageBytes
            .divide(GIB, 9, RoundingMode.HALF_UP)
            .multiply(BigDecimal.valueOf(prices.storageGibMonth()));
    return perReplica
        .multiply(BigDecimal.valueOf(replicas))
        .add(storage)
        .setScale(2, RoundingMode.HALF_UP)
        .doubleValue();
  }
}
