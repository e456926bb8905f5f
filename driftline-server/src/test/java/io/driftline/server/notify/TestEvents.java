package io.driftline.server.notify;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Drift events for notifier tests. */
final class TestEvents {
  private TestEvents() {}

  static DriftEvent open(String id, DriftCategory category, Severity severity, Instant start) {
    return new DriftEvent(
        "prod-us-east-1",
        "prod",
        LocalDate.ofInstant(start, ZoneOffset.UTC),
        id,
        category,
        severity,
        "checkout",
        "production",
        start.toEpochMilli(),
        OptionalLong.empty(),
        "zscore_rules/severe",
        0.9973,
        DriftStatus.OPEN,
        List.of("latency_p95_ms"),
        Optional.of("chg-42"),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        7);
  }

  static DriftEvent open(String id, Severity severity) {
    return open(id, DriftCategory.LATENCY_DRIFT, severity, Instant.parse("2026-01-12T10:00:00Z"));
  }

  static DriftEvent escalated(DriftEvent e, Severity severity) {
    return e.withSignals(e.signals(), severity, e.confidenceScore(), e.sourceSeq() + 1);
  }

  static DriftEvent resolved(DriftEvent e, Instant end) {
    return e.resolved("driftline", end.toEpochMilli(), end.toEpochMilli(), e.severity(), 99);
  }
}
