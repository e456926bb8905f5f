package io.driftline.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import io.driftline.server.http.Route;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the served routes must be the same set. */
class OpenApiRoutesTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.memory();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Set<String> documented() {
    Set<String> ops = new TreeSet<>();
    var paths = DocsRoutes.loadSpec().get("paths");
    paths
        .fieldNames()
        .forEachRemaining(
            path ->
                paths
                    .get(path)
                    .fieldNames()
                    .forEachRemaining(
                        method -> ops.add(method.toUpperCase(Locale.ROOT) + " " + path)));
    return ops;
  }

  static Set<String> served() {
    Set<String> ops = new TreeSet<>();
    for (Route r : server.server.routes()) ops.add(r.method() + " " + r.path());
    return ops;
  }

  @Test
  void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
    assertThat(documented()).isEqualTo(served());
  }

  @Test
  void everyDocumentedGetRouteAnswersOverHttp() {
    server.postJson("/v1/telemetry", "{\"service_id\": \"svc\", \"latency_ms\": 1}");
    server.postJson( // three hours of history, enough for an hourly forecast
        "/v1/telemetry/batch",
        """
        [{"service_id": "svc", "timestamp": "2026-01-12T07:00:00Z", "latency_ms": 1},
         {"service_id": "svc", "timestamp": "2026-01-12T08:00:00Z", "latency_ms": 2},
         {"service_id": "svc", "timestamp": "2026-01-12T09:00:00Z", "latency_ms": 3}]""");
    server.sync();
    server.postJson(
        "/api/v1/drift/events",
        """
        {"cluster_id": "svc", "env": "prod", "drift_date": "2026-01-12", "drift_id": "svc",
         "drift_category": "IO_DRIFT", "severity": "minor", "workload_name": "svc",
         "namespace": "svc", "start_ts": "2026-01-12T10:00:00Z", "detection_method": "anomaly",
         "confidence_score": 0.5}""");
    server.postJson(
        "/api/v1/drift/recommendations",
        """
        {"cluster_id": "svc", "env": "prod", "drift_date": "2026-01-12", "drift_id": "svc",
         "rec_id": "svc", "recommendation_type": "hpa_tune", "recommendation_json": "{}"}""");
    server.postJson(
        "/api/v1/capacity/snapshots",
        """
        {"cluster_id": "svc", "timestamp": "2026-01-12T10:00:00Z", "node_groups": [
          {"instance_type": "m5.large", "count": 1, "allocatable_cpu_cores": 2,
           "allocatable_memory_bytes": 8e9, "requested_cpu_cores": 1,
           "requested_memory_bytes": 4e9, "used_cpu_cores": 0.5, "used_memory_bytes": 2e9}]}""");
    // list routes that need a scope
    var queries =
        java.util.Map.of(
            "/api/v1/drift/recommendations",
            "?cluster_id=svc",
            "/api/v1/config/history",
            "?cluster_id=svc",
            "/api/v1/forecasts",
            "?service_id=svc&metric=latency_ms&horizon=2h",
            "/v1/resources",
            "?namespace=svc");
    for (String op : documented()) {
      if (!op.startsWith("GET ")) continue;
      String route = op.substring(4);
      String path = route.replaceAll("\\{[a-z_]+}", "svc") + queries.getOrDefault(route, "");
      assertThat(server.get(path).status()).as(op).isEqualTo(200);
    }
  }

  @Test
  void openApiJsonIsServedWithTheVersion() {
    var spec = server.get("/openapi.json").json();
    assertThat(spec.get("openapi").asText()).startsWith("3.");
    assertThat(spec.get("info").get("version").asText()).isNotBlank();
  }

  @Test
  void swaggerUiAndRedocPagesLoadTheirAssetsFromTheServer() {
    String docs = server.get("/docs").text();
    String asset = docs.replaceAll("(?s).*src=\"(/webjars/swagger-ui/[^\"]+)\".*", "$1");
    assertThat(server.get(asset).status()).as(asset).isEqualTo(200);

    String redoc = server.get("/redoc").text();
    String redocAsset = redoc.replaceAll("(?s).*src=\"(/webjars/redoc/[^\"]+)\".*", "$1");
    assertThat(server.get(redocAsset).status()).as(redocAsset).isEqualTo(200);
  }

  @Test
  void metricsAreInPrometheusFormat() {
    server.postJson("/v1/telemetry", "{\"service_id\": \"m\", \"latency_ms\": 1}");
    String metrics = server.get("/metrics").text();
    assertThat(metrics)
        .contains(
            "driftline_ingest_samples_total{outcome=\"stored\"}",
            "driftline_ingest_queue_depth",
            "driftline_storage_write_seconds",
            "driftline_detection_latency_seconds",
            "driftline_series",
            "jvm_memory_used_bytes");
  }
}
