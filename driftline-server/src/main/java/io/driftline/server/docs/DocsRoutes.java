package io.driftline.server.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftline.server.http.Json;
import io.driftline.server.http.Route;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The API description: {@code /openapi.json} (written by hand in {@code openapi.yaml}, spec first),
 * Swagger UI at {@code /docs} and ReDoc at {@code /redoc}, both served from webjars so nothing is
 * fetched from the internet.
 */
public final class DocsRoutes {
  private final byte[] openApiJson;
  private final String swaggerPage;
  private final String redocPage;

  public DocsRoutes(String version) {
    JsonNode spec = loadSpec();
    ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("info")).put("version", version);
    try {
      this.openApiJson = Json.MAPPER.writeValueAsBytes(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.swaggerPage = page("swagger.html").replace("{{version}}", webjarVersion("swagger-ui"));
    this.redocPage = page("redoc.html").replace("{{version}}", webjarVersion("redoc"));
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/openapi.json", this::openApi),
        Route.get("/docs", ctx -> ctx.html(swaggerPage)),
        Route.get("/redoc", ctx -> ctx.html(redocPage)));
  }

  void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApiJson);
  }

  /** The spec as a tree; tests compare it with the routes the server registers. */
  public static JsonNode loadSpec() {
    try (InputStream in = DocsRoutes.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) throw new IllegalStateException("openapi.yaml missing from the jar");
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String page(String name) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream("/docs/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("docs page " + name + " missing from the jar", e);
    }
  }

  private static String webjarVersion(String artifact) {
    String path = "/META-INF/maven/org.webjars/" + artifact + "/pom.properties";
    try (InputStream in = DocsRoutes.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("webjar " + artifact + " missing");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
