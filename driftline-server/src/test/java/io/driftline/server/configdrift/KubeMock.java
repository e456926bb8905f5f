package io.driftline.server.configdrift;

import com.fasterxml.jackson.core.type.TypeReference;
import io.driftline.server.http.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's mock API server in CRUD mode (the Kubernetes API server cannot run here), and helpers
 * to make stored objects look like the real API's answers: server defaults, status and
 * managedFields merged in from fixtures recorded in that shape.
 */
final class KubeMock implements AutoCloseable {
  // the mock server logs every request through java.util.logging; kept referenced so it stays set
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  final KubernetesMockServer server;
  final NamespacedKubernetesClient client;

  KubeMock() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
  }

  String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** The stored object of this kind as a tree. */
  Map<String, Object> tree(Class<? extends HasMetadata> type, String ns, String name) {
    HasMetadata item = client.resources(type).inNamespace(ns).withName(name).get();
    if (item == null)
      throw new AssertionError(type.getSimpleName() + " " + ns + "/" + name + " missing");
    try {
      return Json.MAPPER.readValue(
          client.getKubernetesSerialization().asJson(item),
          new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces a stored object by {@code tree} (status included). */
  <T extends HasMetadata> void replace(Class<T> type, Map<String, Object> tree) {
    T item = client.getKubernetesSerialization().convertValue(tree, type);
    item.getMetadata().setResourceVersion(null);
    client.resource(item).delete();
    client.resource(item).create();
  }

  /** Creates an object from a fixture file as it is. */
  <T extends HasMetadata> T load(Class<T> type, String fixture) {
    T item = client.getKubernetesSerialization().convertValue(fixture(fixture), type);
    return client.resource(item).create();
  }

  /** What the API server adds to a stored object: defaults, status, managedFields. */
  <T extends HasMetadata> void serverShape(Class<T> type, String ns, String name, String fixture) {
    Map<String, Object> tree = tree(type, ns, name);
    merge(tree, fixture(fixture));
    replace(type, tree);
  }

  static Map<String, Object> fixture(String name) {
    try (InputStream in = KubeMock.class.getResourceAsStream("/configdrift/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return Json.MAPPER.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deep merge: maps by key, lists item by item (the fixtures follow the desired order). */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> into, Map<String, Object> extra) {
    for (var e : extra.entrySet()) {
      Object have = into.get(e.getKey());
      if (have instanceof Map<?, ?> hm && e.getValue() instanceof Map<?, ?> em) {
        merge((Map<String, Object>) hm, (Map<String, Object>) em);
      } else if (have instanceof List<?> hl && e.getValue() instanceof List<?> el) {
        List<Object> merged = new ArrayList<>(hl);
        for (int i = 0; i < el.size(); i++) {
          if (i < merged.size()
              && merged.get(i) instanceof Map<?, ?> m
              && el.get(i) instanceof Map<?, ?> x) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
            merge(copy, (Map<String, Object>) x);
            merged.set(i, copy);
          } else if (i >= merged.size()) {
            merged.add(el.get(i));
          }
        }
        into.put(e.getKey(), merged);
      } else {
        into.put(e.getKey(), e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> at(Map<String, Object> tree, String... keys) {
    Map<String, Object> m = tree;
    for (String k : keys) m = (Map<String, Object>) m.get(k);
    return m;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
