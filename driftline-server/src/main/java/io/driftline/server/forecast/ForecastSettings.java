package io.driftline.server.forecast;

import io.driftline.capacity.CapacityRiskPolicy;
import io.driftline.forecast.Forecasters;
import io.driftline.server.config.ConfigException;
import io.driftline.server.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code forecast.*} and {@code capacity.risk.*} keys, typed.
 *
 * @param model the model {@code GET /api/v1/forecasts} and the risk job use by default
 * @param riskInterval how often the capacity risk job runs; empty when switched off ({@code 0})
 * @param minConfidence chance of running out, within the horizon, that opens an event
 */
public record ForecastSettings(
    String model,
    Optional<Duration> riskInterval,
    double minConfidence,
    CapacityRiskPolicy policy,
    List<CapacityRiskJob.Threshold> thresholds) {

  public static ForecastSettings from(Map<String, String> values) {
    String model = values.getOrDefault("forecast.model", Forecasters.DEFAULT).strip();
    if (Forecasters.byName(model).isEmpty()) {
      throw new ConfigException(
          "forecast.model must be one of "
              + String.join(", ", Forecasters.names())
              + " but was "
              + model);
    }
    String interval = values.getOrDefault("capacity.risk.interval", "1h").strip();
    Optional<Duration> every =
        interval.equals("0")
            ? Optional.empty()
            : Optional.of(duration(values, "capacity.risk.interval"));
    double confidence;
    try {
      confidence = Double.parseDouble(values.getOrDefault("capacity.risk.min_confidence", "0.25"));
    } catch (NumberFormatException e) {
      confidence = Double.NaN;
    }
    if (!(confidence > 0 && confidence <= 1)) {
      throw new ConfigException("capacity.risk.min_confidence must be a number in (0, 1]");
    }
    CapacityRiskPolicy policy;
    try {
      policy =
          new CapacityRiskPolicy(
              duration(values, "capacity.risk.emergency"),
              duration(values, "capacity.risk.critical"),
              duration(values, "capacity.risk.warning"));
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException) throw e;
      throw new ConfigException("capacity.risk.*: " + e.getMessage());
    }
    List<CapacityRiskJob.Threshold> thresholds = new ArrayList<>();
    String raw = values.getOrDefault("capacity.risk.thresholds", "");
    for (String item : raw.split(",")) {
      if (item.isBlank()) continue;
      try {
        thresholds.add(CapacityRiskJob.Threshold.parse(item.strip()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("capacity.risk.thresholds: " + e.getMessage());
      }
    }
    return new ForecastSettings(model, every, confidence, policy, thresholds);
  }

  private static Duration duration(Map<String, String> values, String key) {
    String text = values.get(key);
    try {
      Duration d = Durations.parse(text == null ? "" : text);
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException();
      return d;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be a duration such as 1h or 7d but was " + text);
    }
  }
}
