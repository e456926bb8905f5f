package io.driftline.server.provision;

import java.util.Arrays;
import java.util.Optional;

/**
 * The t-shirt sizes of seeds/004 ({@code size: medium}) as requests per replica: CPU, memory (also
 * the memory limit) and volume size; for topics the size is the partition count.
 */
public enum Size {
  SMALL("small", "250m", "512Mi", "10Gi", 3),
  MEDIUM("medium", "500m", "1Gi", "20Gi", 6),
  LARGE("large", "1", "4Gi", "100Gi", 12),
  XLARGE("xlarge", "2", "8Gi", "250Gi", 24);

  private final String wire;
  private final String cpu;
  private final String memory;
  private final String storage;
  private final int partitions;

  Size(String wire, String cpu, String memory, String storage, int partitions) {
    this.wire = wire;
    this.cpu = cpu;
    this.memory = memory;
    this.storage = storage;
    this.partitions = partitions;
  }

  public String wire() {
    return wire;
  }

  public String cpu() {
    return cpu;
  }

  public String memory() {
    return memory;
  }

  public String storage() {
    return storage;
  }

  public int partitions() {
    return partitions;
  }

  public static Optional<Size> of(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
  }
}
