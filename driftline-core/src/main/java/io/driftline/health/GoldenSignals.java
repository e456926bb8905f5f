package io.driftline.health;

import io.driftline.detect.IsolationForestDetector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which metrics of a service form one point for the multivariate detector (Isolation Forest over a
 * workload's golden signals, issue 5), or {@link #OFF}. A service's samples of one time and one
 * label set that carry all of them are one row; the verdicts go to a series named {@value #METRIC}
 * of that service and label set, which the health state machine treats like any other series.
 *
 * <p>Each position of the point may name alternatives, separated by {@code |}: the first of them to
 * arrive for a time fills it. The default {@code latency_ms|latency_p95_ms,throughput_rps,
 * error_rate} takes DriftWatch's {@code latency_ms} (seeds/003) or the pod metrics' {@code
 * latency_p95_ms} (seeds/000), with the names the pod metrics and sources already use for
 * throughput and errors.
 *
 * <p>{@code var golden = GoldenSignals.parse("latency_ms,throughput_rps,error_rate",
 * IsolationForestDetector.Settings.DEFAULTS); golden.column("error_rate"); // 2 }
 */
public final class GoldenSignals {
  /** The series the verdicts are reported under. */
  public static final String METRIC = "golden_signals";

  public static final String DEFAULT_METRICS =
      "latency_ms|latency_p95_ms,throughput_rps,error_rate";

  /** The most positions a point may have. */
  public static final int MAX_COLUMNS = 16;

  /** No multivariate detection: responses and checkpoints are as without it. */
  public static final GoldenSignals OFF =
      new GoldenSignals(List.of(), IsolationForestDetector.Settings.DEFAULTS);

  private final List<List<String>> positions;
  private final Map<String, Integer> columnOf = new HashMap<>();
  private final IsolationForestDetector detector;
  private final String spec;

  private GoldenSignals(List<List<String>> positions, IsolationForestDetector.Settings settings) {
    this.positions = List.copyOf(positions);
    for (int i = 0; i < positions.size(); i++) {
      for (String metric : positions.get(i)) columnOf.put(metric, i);
    }
    this.detector = new IsolationForestDetector(settings, Math.max(1, positions.size()));
    this.spec = String.join(",", positions.stream().map(p -> String.join("|", p)).toList());
  }

  /**
   * Parses {@code a|a2,b,c}: positions separated by commas, alternatives by {@code |}.
   *
   * @throws IllegalArgumentException naming the problem: fewer than two positions, a metric named
   *     twice, an empty name, or {@value #METRIC} itself
   */
  public static GoldenSignals parse(String text, IsolationForestDetector.Settings settings) {
    List<List<String>> positions = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String position : text.split(",", -1)) {
      List<String> alternatives = new ArrayList<>();
      for (String raw : position.split("\\|", -1)) {
        String metric = raw.strip();
        if (metric.isEmpty()) {
          throw new IllegalArgumentException("empty metric name in '" + text.strip() + "'");
        }
        if (metric.equals(METRIC)) {
          throw new IllegalArgumentException(
              METRIC + " is the detector's own series, not an input");
        }
        if (seen.contains(metric)) {
          throw new IllegalArgumentException("metric " + metric + " is named twice");
        }
        seen.add(metric);
        alternatives.add(metric);
      }
      positions.add(alternatives);
    }
    if (positions.size() < 2 || positions.size() > MAX_COLUMNS) {
      throw new IllegalArgumentException(
          "need 2 to "
              + MAX_COLUMNS
              + " metrics (one metric is the univariate detectors' job) but had "
              + positions.size());
    }
    return new GoldenSignals(positions, settings);
  }

  public boolean enabled() {
    return !positions.isEmpty();
  }

  /** Positions of a point. */
  public int columns() {
    return positions.size();
  }

  /** The position {@code metric} fills, or -1 when it is not one of the golden signals. */
  public int column(String metric) {
    return columnOf.getOrDefault(metric, -1);
  }

  IsolationForestDetector detector() {
    return detector;
  }

  /** The metrics as {@link #parse} reads them; a checkpoint of other metrics is not restored. */
  public String spec() {
    return spec;
  }

  @Override
  public String toString() {
    return enabled() ? "isolation-forest over " + spec : "off";
  }
}
