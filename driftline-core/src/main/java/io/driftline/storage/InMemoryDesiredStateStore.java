package io.driftline.storage;

import io.driftline.config.DesiredObject;
import io.driftline.config.Provision;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link DesiredStateStore} of {@link InMemoryStorage}; guarded by the storage's monitor. */
final class InMemoryDesiredStateStore implements DesiredStateStore {
  private final InMemoryStorage owner;
  private final TreeMap<String, DesiredObject> objects = new TreeMap<>();
  private final Map<String, Provision> provisions = new TreeMap<>();

  InMemoryDesiredStateStore(InMemoryStorage owner) {
    this.owner = owner;
  }

  @Override
  public void putAll(List<DesiredObject> list) {
    synchronized (owner) {
      owner.ensureOpen();
      for (DesiredObject o : list) objects.put(o.key(), o);
    }
  }

  @Override
  public Optional<DesiredObject> get(String key) {
    synchronized (owner) {
      owner.ensureOpen();
      return Optional.ofNullable(objects.get(key));
    }
  }

  @Override
  public List<DesiredObject> all() {
    synchronized (owner) {
      owner.ensureOpen();
      return List.copyOf(objects.values());
    }
  }

  @Override
  public List<DesiredObject> ofDeployment(String deploymentId) {
    synchronized (owner) {
      owner.ensureOpen();
      return objects.values().stream().filter(o -> o.deploymentId().equals(deploymentId)).toList();
    }
  }

  @Override
  public boolean remove(String key) {
    synchronized (owner) {
      owner.ensureOpen();
      return objects.remove(key) != null;
    }
  }

  @Override
  public void put(Provision provision) {
    synchronized (owner) {
      owner.ensureOpen();
      provisions.put(provision.deploymentId(), provision);
    }
  }

  @Override
  public Optional<Provision> provision(String deploymentId) {
    synchronized (owner) {
      owner.ensureOpen();
      return Optional.ofNullable(provisions.get(deploymentId));
    }
  }

  @Override
  public List<Provision> provisions(Optional<String> namespace) {
    synchronized (owner) {
      owner.ensureOpen();
      return provisions.values().stream()
          .filter(p -> namespace.map(p.namespace()::equals).orElse(true))
          .sorted(Comparator.comparing(Provision::name).thenComparing(Provision::deploymentId))
          .toList();
    }
  }

  int size() {
    return objects.size() + provisions.size();
  }
}
