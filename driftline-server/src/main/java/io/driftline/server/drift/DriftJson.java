package io.driftline.server.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.Recommendation;
import io.driftline.server.http.Json;
import io.driftline.server.http.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/** Drift events and recommendations as the API shows them: the seed's snake_case fields. */
public final class DriftJson {
  private DriftJson() {}

  public static Map<String, Object> event(DriftEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster_id", e.clusterId());
    m.put("env", e.env());
    m.put("drift_date", e.driftDate().toString());
    m.put("drift_id", e.driftId());
    m.put("drift_category", e.category().name());
    m.put("severity", e.severity().wire());
    m.put("workload_name", e.workloadName());
    m.put("namespace", e.namespace());
    m.put("start_ts", Timestamps.format(e.startMillis()));
    m.put(
        "end_ts", e.endMillis().isPresent() ? Timestamps.format(e.endMillis().getAsLong()) : null);
    m.put("detection_method", e.detectionMethod());
    m.put("confidence_score", e.confidenceScore());
    m.put("status", e.status().wire());
    m.put("signals", e.signals());
    m.put("probable_cause", e.probableCause().orElse(null));
    m.put("acknowledged_by", e.acknowledgedBy().orElse(null));
    m.put("acknowledged_at", time(e.acknowledgedAt()));
    m.put("resolved_by", e.resolvedBy().orElse(null));
    m.put("resolved_at", time(e.resolvedAt()));
    return m;
  }

  static Map<String, Object> recommendation(Recommendation r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster_id", r.clusterId());
    m.put("env", r.env());
    m.put("drift_date", r.driftDate().toString());
    m.put("drift_id", r.driftId());
    m.put("rec_id", r.recId());
    m.put("recommendation_type", r.recommendationType());
    m.put("recommendation_json", r.recommendationJson());
    m.put(
        "estimated_savings_usd",
        r.estimatedSavingsUsd().isPresent() ? r.estimatedSavingsUsd().getAsDouble() : null);
    m.put("auto_approved", r.autoApproved());
    m.put("status", r.status().wire());
    m.put("decided_by", r.decidedBy().orElse(null));
    m.put("decided_at", time(r.decidedAt()));
    m.put("created_at", Timestamps.format(r.createdMillis()));
    return m;
  }

  private static String time(java.util.OptionalLong t) {
    return t.isPresent() ? Timestamps.format(t.getAsLong()) : null;
  }

  /** Whether {@code text} is one JSON value (recommendation_json must be). */
  static boolean isJson(String text) {
    try {
      return Json.MAPPER.readTree(text) != null;
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
