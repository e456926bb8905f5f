package io.driftline.server.configdrift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.driftline.server.http.Json;
import java.util.Map;

/** Stored desired manifests (JSON text) back into trees for the differ and the API. */
public final class DesiredTrees {
  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  private DesiredTrees() {}

  public static Map<String, Object> parse(String json) {
    try {
      return Json.MAPPER.readValue(json, TREE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored desired object is not JSON", e);
    }
  }
}
