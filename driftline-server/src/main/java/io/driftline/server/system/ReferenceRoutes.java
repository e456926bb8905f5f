package io.driftline.server.system;

import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.Route;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST /bench/empty} ({@code server.reference_endpoint}, off by default): reads the body as
 * the ingest route does and answers {@code 202} without decoding or storing it. Against {@code POST
 * /v1/telemetry} with the same requests it shows what the HTTP stack alone costs per request, so
 * the load generator can give ingest as a share of it (issue 8, docs/benchmarks.md).
 */
public final class ReferenceRoutes {
  private static final byte[] ACCEPTED =
      "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);

  private final long maxBodyBytes;

  public ReferenceRoutes(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(Route.post("/bench/empty", this::empty));
  }

  void empty(Context ctx) {
    Bodies.readOptional(ctx, maxBodyBytes);
    Json.respondRendered(ctx, 202, ACCEPTED);
  }
}
