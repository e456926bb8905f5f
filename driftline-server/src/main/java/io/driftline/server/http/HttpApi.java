package io.driftline.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin app from a list of routes, with one error shape for everything: bad input,
 * unknown routes, wrong methods, oversize bodies and unexpected failures (never a stack trace).
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private HttpApi() {}

  public static Javalin create(List<Route> routes, long maxBodyBytes) {
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.concurrency.useVirtualThreads = true;
          config.http.maxRequestSize = maxBodyBytes;
          config.http.prefer405over404 = true;
          config.staticFiles.enableWebjars();
          for (Route route : routes) {
            config.routes.addHttpHandler(
                handlerType(route.method()), route.path(), route.handler());
          }
          config.routes.exception(ApiError.class, (e, ctx) -> render(ctx, e));
          config.routes.exception(
              HttpResponseException.class, (e, ctx) -> render(ctx, fromJavalin(e)));
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                render(
                    ctx,
                    new ApiError(
                        500,
                        "internal_error",
                        "unexpected server error; nothing of this request is known to be stored",
                        null,
                        List.of(),
                        Map.of()));
              });
          config.routes.error(
              404,
              "*",
              ctx -> {
                if (ctx.resultInputStream() == null) {
                  render(
                      ctx,
                      ApiError.notFound(
                          "no route for "
                              + ctx.method()
                              + " "
                              + ctx.path()
                              + "; see /openapi.json"));
                }
              });
          config.routes.error(
              405,
              "*",
              ctx -> {
                if (ctx.resultInputStream() == null) {
                  render(
                      ctx,
                      new ApiError(
                          405,
                          "method_not_allowed",
                          ctx.method() + " is not allowed on " + ctx.path(),
                          null,
                          List.of(),
                          Map.of()));
                }
              });
        });
  }

  private static HandlerType handlerType(String method) {
    return switch (method) {
      case "GET" -> HandlerType.GET;
      case "POST" -> HandlerType.POST;
      case "PUT" -> HandlerType.PUT;
      case "PATCH" -> HandlerType.PATCH;
      case "DELETE" -> HandlerType.DELETE;
      default -> throw new IllegalArgumentException("unsupported method " + method);
    };
  }

  private static ApiError fromJavalin(HttpResponseException e) {
    if (e.getStatus() == 413) {
      return new ApiError(
          413,
          "payload_too_large",
          "request body exceeds the limit "
              + "(server.max_body_bytes); split it into smaller batches",
          null,
          List.of(),
          Map.of());
    }
    String code =
        switch (e.getStatus()) {
          case 400 -> "invalid_request";
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          default -> "http_" + e.getStatus();
        };
    return new ApiError(e.getStatus(), code, e.getMessage(), null, List.of(), Map.of());
  }

  static void render(Context ctx, ApiError error) {
    error.headers().forEach(ctx::header);
    Json.respond(ctx, error.status(), error.body());
  }
}
