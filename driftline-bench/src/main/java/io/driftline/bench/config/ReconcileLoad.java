package io.driftline.bench.config;

import io.driftline.config.DesiredObject;
import io.driftline.config.ResourceId;
import io.driftline.drift.DriftTracker;
import io.driftline.server.config.ConfigLoader;
import io.driftline.server.config.DriftlineConfig;
import io.driftline.server.configdrift.ConfigDrift;
import io.driftline.server.configdrift.ConfigReconciler;
import io.driftline.server.configdrift.KubeKind;
import io.driftline.server.configdrift.KubernetesCluster;
import io.driftline.storage.InMemoryStorage;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reconciling N Deployments end to end against fabric8's mock API server (issue 6: 50,000 in under
 * 30 s): the live objects ({@link DeploymentPairs}, server-shaped, one in 100 drifted by default)
 * are loaded into the mock, the desired ones registered, then full reconcile passes run: list calls
 * per namespace, JSON decoding, the differ, drift events, Kubernetes Events and remediation records
 * for the drifted ones. The reference in the same run is the list calls alone.
 *
 * <pre>
 * java -Xmx6g -cp driftline-bench/target/benchmarks.jar io.driftline.bench.config.ReconcileLoad 50000 [DRIFT_EVERY=100] [EVENTS=true]
 * </pre>
 */
public final class ReconcileLoad {
  private ReconcileLoad() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int driftEvery = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    boolean events = args.length <= 2 || Boolean.parseBoolean(args[2]);
    java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    quiet.setLevel(java.util.logging.Level.WARNING);
    var dispatcher = new KubernetesCrudDispatcher();
    var mock =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    mock.init();
    NamespacedKubernetesClient client = mock.createClient();
    try {
      run(n, driftEvery, events, mock, dispatcher, client);
    } finally {
      client.close();
      mock.destroy();
    }
  }

  private static void run(
      int n,
      int driftEvery,
      boolean events,
      KubernetesMockServer mock,
      KubernetesCrudDispatcher dispatcher,
      NamespacedKubernetesClient client)
      throws Exception {
    List<DeploymentPairs.Pair> pairs = DeploymentPairs.generate(n, 42, driftEvery);
    long t0 = System.nanoTime();
    load(client, dispatcher, pairs);
    System.out.printf("loaded %,d live Deployments into the mock in %.1f s%n", n, secs(t0));

    InMemoryStorage storage = new InMemoryStorage();
    List<DesiredObject> desired = new ArrayList<>(n);
    var json = client.getKubernetesSerialization();
    for (DeploymentPairs.Pair p : pairs) {
      ResourceId id = ResourceId.of(p.desired());
      desired.add(
          new DesiredObject(
              id.toString(), "bench", id.namespace(), id.name(), json.asJson(p.desired()), 0));
    }
    storage.desiredState().putAll(desired);
    DriftlineConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "storage.type",
                "memory",
                "kubernetes.master_url",
                "http://" + mock.getHostName() + ":" + mock.getPort(),
                "configdrift.kubernetes_events",
                Boolean.toString(events)));
    Clock clock = Clock.systemUTC();
    KubernetesCluster cluster = new KubernetesCluster(client);
    var drift =
        new ConfigDrift(
            config.configDrift(),
            storage,
            new DriftTracker(storage, config.drift(), clock),
            clock,
            cluster);

    var http = java.net.http.HttpClient.newHttpClient();
    long h0 = System.nanoTime();
    var raw =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://"
                            + mock.getHostName()
                            + ":"
                            + mock.getPort()
                            + "/apis/apps/v1/deployments"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    double rawSecs = secs(h0);
    long p0 = System.nanoTime();
    var parsed =
        json.unmarshal(
            new java.io.ByteArrayInputStream(raw.body()),
            io.fabric8.kubernetes.api.model.apps.DeploymentList.class);
    double parseSecs = secs(p0);
    System.out.printf(
        "reference: the mock answers one list of all Deployments (%,d bytes) in %.2f s; fabric8 decodes it (%,d items) in %.2f s%n",
        raw.body().length, rawSecs, parsed.getItems().size(), parseSecs);
    TreeSet<String> namespaces = new TreeSet<>();
    desired.forEach(d -> namespaces.add(d.namespace()));
    long l0 = System.nanoTime();
    int listed = cluster.list(Map.of(KubeKind.DEPLOYMENT, namespaces)).size();
    double listSecs = secs(l0);
    System.out.printf(
        "reference: list calls only (%d namespaces): %,d objects in %.2f s%n",
        namespaces.size(), listed, listSecs);

    for (int pass = 1; pass <= 3; pass++) {
      long r0 = System.nanoTime();
      ConfigReconciler.Summary s = drift.reconciler().reconcileOnce();
      double rs = secs(r0);
      System.out.printf(
          "pass %d: %,d objects, %,d drifted, %,d events opened, %,d remediation records in %.2f s"
              + " (%.0f objects/s, %.1f x the list calls)%n",
          pass,
          s.objects(),
          s.drifted(),
          s.opened(),
          s.actions(),
          rs,
          s.objects() / rs,
          rs / listSecs);
    }
  }

  /**
   * Stores the live objects in the mock: the first over HTTP (a create as the API takes it), the
   * rest straight into the mock's store under the key its create handler uses (a POST scans every
   * stored object, so 50,000 creates over HTTP would take the better part of an hour). Then checks
   * one of them reads back over HTTP.
   */
  private static void load(
      NamespacedKubernetesClient client,
      KubernetesCrudDispatcher dispatcher,
      List<DeploymentPairs.Pair> pairs) {
    var json = client.getKubernetesSerialization();
    for (int i = 0; i < pairs.size(); i++) {
      Deployment d = json.convertValue(pairs.get(i).live(), Deployment.class);
      if (i == 0) {
        d.getMetadata().setResourceVersion(null);
        client.resource(d).create();
        continue;
      }
      String path = "/apis/apps/v1/namespaces/" + d.getMetadata().getNamespace() + "/deployments";
      AttributeSet key =
          dispatcher.getKey(path).add(new Attribute("name", d.getMetadata().getName()));
      dispatcher.getMap().put(key, json.asJson(d));
    }
    Deployment last = json.convertValue(pairs.get(pairs.size() - 1).live(), Deployment.class);
    if (client.resource(last).get() == null) {
      throw new IllegalStateException("bulk-loaded objects do not read back from the mock");
    }
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
