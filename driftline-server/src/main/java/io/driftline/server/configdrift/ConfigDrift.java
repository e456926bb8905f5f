package io.driftline.server.configdrift;

import io.driftline.config.DiffOptions;
import io.driftline.config.ManifestDiffer;
import io.driftline.config.SecretMasker;
import io.driftline.drift.DriftTracker;
import io.driftline.server.config.ConfigDriftSettings;
import io.driftline.server.http.Route;
import io.driftline.server.provision.Provisioner;
import io.driftline.server.provision.StatusCallback;
import io.driftline.storage.StorageComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Configuration drift wired together: the Kubernetes connection, the differ (with the rules file),
 * provisioning, resource state, the reconcile loop and remediation. {@link #start} schedules the
 * loop every {@code configdrift.reconcile_interval}; {@link #close} stops it.
 */
public final class ConfigDrift implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConfigDrift.class.getName());
  private final ConfigDriftSettings settings;
  private final Clock clock;
  private final KubernetesCluster cluster;
  private final StatusCallback callback;
  private final Provisioner provisioner;
  private final Remediator remediator;
  private final ResourceStates states;
  private final ConfigReconciler reconciler;
  private final StorageComponent storage;
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("driftline-provision").unstarted(r));
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("driftline-reconcile").unstarted(r));

  public ConfigDrift(
      ConfigDriftSettings settings, StorageComponent storage, DriftTracker tracker, Clock clock) {
    this(settings, storage, tracker, clock, KubernetesCluster.connect(settings.kubernetes()));
  }

  public ConfigDrift(
      ConfigDriftSettings settings,
      StorageComponent storage,
      DriftTracker tracker,
      Clock clock,
      KubernetesCluster cluster) {
    this.settings = settings;
    this.clock = clock;
    this.storage = storage;
    this.cluster = cluster;
    ManifestDiffer differ = new ManifestDiffer(diffOptions(settings), SecretMasker.random());
    this.callback =
        new StatusCallback(
            settings.callbackUrl(), settings.callbackAttempts(), settings.callbackBackoff(), clock);
    this.provisioner =
        new Provisioner(storage.desiredState(), cluster, callback, settings.fieldManager(), clock);
    this.remediator =
        new Remediator(
            storage.remediations(),
            storage.desiredState(),
            cluster,
            settings.remediationEnabled(),
            settings.fieldManager(),
            settings.kubernetesEvents(),
            clock);
    this.states =
        new ResourceStates(
            storage.desiredState(),
            cluster,
            differ,
            new PriceTable(settings.prices()),
            settings.restartThreshold(),
            clock);
    this.reconciler =
        new ConfigReconciler(
            storage,
            cluster,
            differ,
            tracker,
            remediator,
            RemediationPolicy.load(settings.policyFile(), settings.defaultPolicy()),
            provisioner,
            settings.clusterId(),
            settings.kubernetesEvents(),
            clock);
  }

  /** The rules file's options, with Driftline's field manager defining SSA removals. */
  static DiffOptions diffOptions(ConfigDriftSettings s) {
    DiffOptions o = DiffOptions.defaults();
    if (s.diffRulesFile().isPresent()) {
      try {
        o = DiffRules.read(s.diffRulesFile().get());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read configdrift.diff_rules_file " + s.diffRulesFile().get(), e);
      }
    }
    return o.manager().isEmpty() ? o.withManager(s.fieldManager()) : o;
  }

  public void start() {
    long every = settings.reconcileInterval().toMillis();
    loop.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
  }

  private void pass() {
    try {
      reconciler.reconcileOnce();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "reconcile pass failed: " + e.getMessage());
    }
  }

  public List<Route> routes(long maxBodyBytes) {
    return new ConfigDriftRoutes(this, storage, background, maxBodyBytes).routes();
  }

  public Provisioner provisioner() {
    return provisioner;
  }

  public Remediator remediator() {
    return remediator;
  }

  public ResourceStates states() {
    return states;
  }

  public ConfigReconciler reconciler() {
    return reconciler;
  }

  public KubernetesCluster cluster() {
    return cluster;
  }

  public Clock clock() {
    return clock;
  }

  /** Waits until provisioning work submitted so far has run (tests, orderly shutdown). */
  public void drain() {
    try {
      background.submit(() -> {}).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    background.shutdown();
    try {
      background.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    callback.close();
    cluster.close();
  }
}
