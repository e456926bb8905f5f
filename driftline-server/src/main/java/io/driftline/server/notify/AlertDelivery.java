package io.driftline.server.notify;

import io.driftline.drift.DriftEvent;
import io.driftline.sources.http.RetryPolicy;
import io.driftline.sources.http.SourceHttp;
import io.driftline.storage.StorageComponent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert delivery of one node: a {@link NotifierChannel} per configured receiver (Alertmanager,
 * webhook, Slack), fed by {@link #observe} with every drift event stored, whatever wrote it.
 *
 * <p>Timers: every {@code notify.reconcile_interval} each channel compares the event store with
 * what it has told its receiver (deliveries that failed or were dropped get another chance), and
 * every {@code notify.alertmanager.resend_interval} Alertmanager gets the firing alerts again. On
 * start, a reconcile runs first: events resolved while the node was down are resolved at the
 * receivers, events opened and not yet told are told.
 *
 * <pre>{@code
 * AlertDelivery delivery = AlertDelivery.create(settings, storage, Clock.systemUTC(), registry, stateDir);
 * StorageComponent observed = delivery.observe(storage); // give this one to the writers
 * delivery.start();
 * }</pre>
 */
public final class AlertDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private final List<NotifierChannel> channels;
  private final NotifySettings settings;
  private final HttpClient client;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("driftline-notify-timer").unstarted(r));

  AlertDelivery(List<NotifierChannel> channels, NotifySettings settings, HttpClient client) {
    this.channels = List.copyOf(channels);
    this.settings = settings;
    this.client = client;
  }

  /**
   * The receivers {@code settings} turn on, reading events from {@code storage}; with {@code
   * stateDir} (the SQLite data dir) what each receiver was told survives restarts. {@code
   * wallClock} stamps what receivers compare with their own clocks (Alertmanager's {@code endsAt},
   * HTTP-date {@code Retry-After}); it is not the sample-time clock a test may drive.
   */
  public static AlertDelivery create(
      NotifySettings settings,
      StorageComponent storage,
      Clock wallClock,
      MeterRegistry registry,
      Optional<Path> stateDir) {
    return create(
        settings, storage, wallClock, registry, stateDir, d -> Thread.sleep(d.toMillis()));
  }

  static AlertDelivery create(
      NotifySettings settings,
      StorageComponent storage,
      Clock wallClock,
      MeterRegistry registry,
      Optional<Path> stateDir,
      SourceHttp.Sleeper sleeper) {
    RetryPolicy policy =
        new RetryPolicy(
            settings.maxAttempts(),
            INITIAL_BACKOFF,
            MAX_BACKOFF,
            settings.timeout(),
            MAX_RETRY_AFTER);
    HttpClient client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    var random = new SplittableRandom();
    // one SourceHttp per receiver: each is used by its channel's thread only
    Function<String, SourceHttp> http =
        name -> new SourceHttp(name, client, policy, sleeper, random.split(), wallClock);
    List<NotifierChannel> channels = new ArrayList<>();
    BiConsumer<Notifier, NotifySettings.Target> add =
        (notifier, target) ->
            channels.add(
                new NotifierChannel(
                    notifier,
                    target.route(),
                    deliveryLog(stateDir, notifier.name()),
                    storage.driftEvents(),
                    settings.queueCapacity(),
                    registry));
    settings
        .alertmanager()
        .ifPresent(
            t -> {
              var endpoint = AlertmanagerNotifier.endpoint(t.url());
              var receiver = new ReceiverHttp(http.apply("alertmanager"), endpoint, false);
              add.accept(
                  new AlertmanagerNotifier(
                      receiver, wallClock, settings.alertmanagerResendInterval()),
                  t);
            });
    settings
        .webhook()
        .ifPresent(
            t -> {
              Map<String, String> headers =
                  settings
                      .webhookAuthorization()
                      .map(a -> Map.of("Authorization", a))
                      .orElse(Map.of());
              var receiver = new ReceiverHttp(http.apply("webhook"), t.url(), true, headers);
              add.accept(new WebhookNotifier(receiver), t);
            });
    settings
        .slack()
        .ifPresent(
            t ->
                add.accept(
                    new SlackNotifier(new ReceiverHttp(http.apply("slack"), t.url(), true)), t));
    return new AlertDelivery(channels, settings, client);
  }

  private static DeliveryLog deliveryLog(Optional<Path> stateDir, String receiver) {
    return stateDir
        .map(dir -> DeliveryLog.persistent(dir.resolve("notify").resolve(receiver + ".json")))
        .orElseGet(DeliveryLog::inMemory);
  }

  public boolean enabled() {
    return !channels.isEmpty();
  }

  /**
   * {@code storage} with every drift event write reported to the receivers' queues; {@code storage}
   * itself when no receiver is configured.
   */
  public StorageComponent observe(StorageComponent storage) {
    return enabled() ? new NotifyingStorage(storage, this::stored) : storage;
  }

  void stored(DriftEvent event) {
    for (NotifierChannel channel : channels) channel.offer(event);
  }

  /** Starts the workers, a first reconcile, and the timers. */
  public void start() {
    if (!enabled()) return;
    for (NotifierChannel channel : channels) {
      channel.requestReconcile();
      channel.start();
    }
    long reconcile = settings.reconcileInterval().toMillis();
    timers.scheduleWithFixedDelay(
        () -> channels.forEach(NotifierChannel::requestReconcile),
        reconcile,
        reconcile,
        TimeUnit.MILLISECONDS);
    long resend = settings.alertmanagerResendInterval().toMillis();
    timers.scheduleAtFixedRate(
        () -> channels.forEach(NotifierChannel::requestRefresh),
        resend,
        resend,
        TimeUnit.MILLISECONDS);
    LOG.info("alert delivery to {}", channels.stream().map(NotifierChannel::name).toList());
  }

  List<NotifierChannel> channels() {
    return channels;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    channels.forEach(NotifierChannel::close);
    client.shutdownNow(); // not close(): that would wait for a receiver that does not answer
  }
}
