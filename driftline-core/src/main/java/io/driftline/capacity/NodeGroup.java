package io.driftline.capacity;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One group of alike nodes in a capacity snapshot. Utilisation is derived here from the absolute
 * figures, never taken from the client, so it is always consistent with them.
 *
 * @param name the node group's name; the instance type when the source has no group names
 * @param pods running pods, where the source knows them
 */
public record NodeGroup(
    String name,
    String instanceType,
    int count,
    double allocatableCpuCores,
    double allocatableMemoryBytes,
    double requestedCpuCores,
    double requestedMemoryBytes,
    double usedCpuCores,
    double usedMemoryBytes,
    OptionalLong pods) {

  public NodeGroup {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("name is required");
    if (instanceType == null || instanceType.isEmpty()) {
      throw new IllegalArgumentException("instance_type is required");
    }
    if (count < 0) throw new IllegalArgumentException("count must be >= 0 but was " + count);
    check("allocatable_cpu_cores", allocatableCpuCores);
    check("allocatable_memory_bytes", allocatableMemoryBytes);
    check("requested_cpu_cores", requestedCpuCores);
    check("requested_memory_bytes", requestedMemoryBytes);
    check("used_cpu_cores", usedCpuCores);
    check("used_memory_bytes", usedMemoryBytes);
    if (pods.isPresent() && pods.getAsLong() < 0) {
      throw new IllegalArgumentException("pods must be >= 0 but was " + pods.getAsLong());
    }
  }

  /** used / allocatable CPU; empty when nothing is allocatable. */
  public OptionalDouble cpuUtilisation() {
    return ratio(usedCpuCores, allocatableCpuCores);
  }

  public OptionalDouble memoryUtilisation() {
    return ratio(usedMemoryBytes, allocatableMemoryBytes);
  }

  /** requested / allocatable CPU: how much of the group the scheduler has promised away. */
  public OptionalDouble cpuRequestRatio() {
    return ratio(requestedCpuCores, allocatableCpuCores);
  }

  public OptionalDouble memoryRequestRatio() {
    return ratio(requestedMemoryBytes, allocatableMemoryBytes);
  }

  static OptionalDouble ratio(double part, double whole) {
    return whole > 0 ? OptionalDouble.of(part / whole) : OptionalDouble.empty();
  }

  private static void check(String field, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(field + " must be finite and >= 0 but was " + value);
    }
  }
}
