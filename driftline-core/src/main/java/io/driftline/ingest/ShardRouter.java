package io.driftline.ingest;

/**
 * Which shard owns a service. All series of a service live on one shard, so detectors that look at
 * several signals of one workload together need no cross-shard state. In the distributed mode the
 * same function picks the Kafka partition.
 */
public final class ShardRouter {
  private final int shards;

  public ShardRouter(int shards) {
    this.shards = shards;
  }

  public int shardOf(String service) {
    return Math.floorMod(service.hashCode(), shards);
  }

  public int shards() {
    return shards;
  }
}
