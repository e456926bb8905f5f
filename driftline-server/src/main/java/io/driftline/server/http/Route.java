package io.driftline.server.http;

import io.javalin.http.Handler;

/**
 * One HTTP route. Every route of the server is a value of this type, so the OpenAPI document can be
 * checked against the list the server actually serves.
 */
public record Route(String method, String path, Handler handler) {
  public static Route get(String path, Handler handler) {
    return new Route("GET", path, handler);
  }

  public static Route post(String path, Handler handler) {
    return new Route("POST", path, handler);
  }
}
