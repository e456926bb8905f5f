package io.driftline.storage;

/**
 * A storage component that hands every call to another one; subclasses override what they wrap
 * (throttling, fault injection in tests, metrics), in the manner of Zipkin's
 * ForwardingStorageComponent.
 */
public abstract class ForwardingStorageComponent extends StorageComponent {

  /** The component calls are forwarded to. */
  protected abstract StorageComponent delegate();

  @Override
  public void write(WriteBatch batch) {
    delegate().write(batch);
  }

  @Override
  public SampleStore samples() {
    return delegate().samples();
  }

  @Override
  public TransitionStore transitions() {
    return delegate().transitions();
  }

  @Override
  public CheckpointStore checkpoints() {
    return delegate().checkpoints();
  }

  @Override
  public PodMetricStore podMetrics() {
    return delegate().podMetrics();
  }

  @Override
  public CapacityStore capacity() {
    return delegate().capacity();
  }

  @Override
  public ConfigHistoryStore configHistory() {
    return delegate().configHistory();
  }

  @Override
  public DriftEventStore driftEvents() {
    return delegate().driftEvents();
  }

  @Override
  public RecommendationStore recommendations() {
    return delegate().recommendations();
  }

  @Override
  public DesiredStateStore desiredState() {
    return delegate().desiredState();
  }

  @Override
  public RemediationStore remediations() {
    return delegate().remediations();
  }

  @Override
  public CheckResult check() {
    return delegate().check();
  }

  @Override
  public long sizeBytes() {
    return delegate().sizeBytes();
  }

  @Override
  public void close() {
    delegate().close();
  }
}
