package io.driftline.sources.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A Kubernetes API call that failed, with the HTTP status (0 when the server did not answer) and
 * the reason the API server gave in its {@code Status} object, e.g. {@code nodes is forbidden: User
 * "system:serviceaccount:driftline:driftline" cannot list resource "nodes"}. Messages hold no
 * credentials: the API server's reasons name users and resources, never tokens.
 */
final class ApiFailure extends Exception {
  private final String what;
  private final int code;

  ApiFailure(String what, int code, String reason) {
    super(what + ": " + (code > 0 ? code + " " : "") + reason);
    this.what = what;
    this.code = code;
  }

  static ApiFailure of(String what, KubernetesClientException e) {
    Status status = e.getStatus();
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    String reason;
    int code = e.getCode();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      reason = status.getMessage();
    } else if (code <= 0 || root instanceof java.io.IOException) {
      code = 0;
      reason = "no answer: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    } else {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      reason = message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
    ApiFailure failure = new ApiFailure(what, code, reason);
    failure.initCause(e);
    return failure;
  }

  String what() {
    return what;
  }

  int code() {
    return code;
  }

  boolean forbidden() {
    return code == 401 || code == 403;
  }

  /** The API group is not served: metrics-server absent (404) or its APIService down (503). */
  boolean notServed() {
    return code == 404 || code == 503;
  }
}
