package io.driftline.sources.newrelic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftline.sources.SourceException;
import io.driftline.sources.http.SourceHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Runs one NRQL query through NerdGraph ({@code POST /graphql}, header {@code API-Key}) and returns
 * its {@code results}. The NRQL travels as a GraphQL variable, so no quoting can break the query.
 *
 * <p>NerdGraph answers most failures with HTTP 200 and an {@code errors} array (GraphQL's
 * convention); their {@code extensions.errorClass} decides what happens, as New Relic's own Go
 * client does: {@code TIMEOUT} is raised as {@link NrqlTimeoutException} for the caller to split
 * the window, {@code INTERNAL_SERVER_ERROR} and {@code SERVER_ERROR} are retried with the policy's
 * backoff, anything else (NRQL syntax errors, {@code BAD_API_KEY}, no access to the account) fails
 * at once with NerdGraph's message. Deprecation notices beside data are ignored. HTTP-level
 * failures (401/403, 429 with {@code Retry-After}, 5xx) are {@link SourceHttp}'s.
 */
final class NerdGraphClient {
  static final String QUERY =
      "query($accountId: Int!, $nrql: Nrql!, $timeout: Seconds) "
          + "{ actor { account(id: $accountId) { nrql(query: $nrql, timeout: $timeout) "
          + "{ results } } } }";
  private static final Set<String> RETRYABLE = Set.of("INTERNAL_SERVER_ERROR", "SERVER_ERROR");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** NerdGraph gave up on the query within its time limit. */
  static final class NrqlTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    NrqlTimeoutException(String message) {
      super(message, null, false, false);
    }
  }

  private final SourceHttp http;
  private final URI endpoint;
  private final String apiKey;
  private final long accountId;
  private final SourceHttp.Sleeper sleeper;
  private final RandomGenerator random;

  NerdGraphClient(
      SourceHttp http,
      URI endpoint,
      String apiKey,
      long accountId,
      SourceHttp.Sleeper sleeper,
      RandomGenerator random) {
    this.http = http;
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.accountId = accountId;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** The {@code results} array of {@code nrql}. */
  JsonNode results(String nrql) throws SourceException, NrqlTimeoutException {
    int attempts = http.policy().maxAttempts();
    for (int attempt = 1; ; attempt++) {
      JsonNode answer = post(nrql);
      List<JsonNode> errors = errors(answer);
      if (errors.isEmpty()) return results(answer);
      String classes = errorClasses(errors);
      if (classes.contains("TIMEOUT")) {
        throw new NrqlTimeoutException("newrelic: NRQL query timed out: " + messages(errors));
      }
      boolean retryable = errors.stream().allMatch(e -> RETRYABLE.contains(errorClass(e)));
      if (!retryable || attempt >= attempts) {
        throw new SourceException(
            "newrelic: NerdGraph refused the query for account "
                + accountId
                + ": "
                + messages(errors)
                + (classes.isEmpty() ? "" : " (errorClass " + classes + ")")
                + (retryable ? " (gave up after " + attempts + " tries)" : ""));
      }
      pause(attempt - 1);
    }
  }

  private JsonNode post(String nrql) throws SourceException {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("query", QUERY);
    ObjectNode variables = body.putObject("variables");
    variables.put("accountId", accountId);
    variables.put("nrql", nrql);
    variables.put("timeout", Math.max(1, http.policy().requestTimeout().toSeconds()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .header("API-Key", apiKey)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    String text;
    try {
      text = http.send(request).body();
    } catch (SourceException e) {
      int status = e.status().orElse(0);
      if (status == 401 || status == 403) {
        throw new SourceException(
            "newrelic: NerdGraph refused the API key (HTTP "
                + status
                + "); set sources.newrelic.api_key or NEWRELIC_API_KEY to a User key with access"
                + " to account "
                + accountId,
            e.status(),
            e);
      }
      throw e;
    }
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new SourceException(
          "newrelic: NerdGraph answered something that is not JSON", OptionalInt.of(200), e);
    }
  }

  private void pause(int retry) throws SourceException {
    try {
      sleeper.sleep(http.policy().backoff(retry, random));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException("newrelic: interrupted while backing off", e);
    }
  }

  private static List<JsonNode> errors(JsonNode answer) {
    List<JsonNode> errors = new ArrayList<>();
    for (JsonNode e : answer.path("errors")) {
      // "This field is deprecated! ..." notices come beside valid data
      if (!e.path("message").asText().startsWith("This field is deprecated")) errors.add(e);
    }
    return errors;
  }

  private JsonNode results(JsonNode answer) throws SourceException {
    JsonNode results =
        answer.path("data").path("actor").path("account").path("nrql").path("results");
    if (!results.isArray()) {
      throw new SourceException(
          "newrelic: NerdGraph answered without data.actor.account.nrql.results for account "
              + accountId);
    }
    return results;
  }

  private static String errorClass(JsonNode error) {
    JsonNode extensions = error.path("extensions");
    String errorClass = extensions.path("errorClass").asText("");
    return errorClass.isEmpty() ? extensions.path("error_code").asText("") : errorClass;
  }

  private static String errorClasses(List<JsonNode> errors) {
    return String.join(
        ", ",
        errors.stream()
            .map(NerdGraphClient::errorClass)
            .filter(c -> !c.isEmpty())
            .distinct()
            .toList());
  }

  private static String messages(List<JsonNode> errors) {
    return String.join(
        "; ", errors.stream().map(e -> e.path("message").asText("?")).distinct().toList());
  }
}
