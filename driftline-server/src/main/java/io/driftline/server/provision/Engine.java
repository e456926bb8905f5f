package io.driftline.server.provision;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What each engine renders to: its image repository (the version is the tag), port, data path and
 * how the credentials reach the container. The resource type decides the workload kind: databases
 * are StatefulSets with a volume per replica, caches Deployments, topics a ConfigMap for a topic
 * operator.
 */
public enum Engine {
  POSTGRESQL("database", "postgresql", "postgres", 5432, "/var/lib/postgresql/data"),
  MYSQL("database", "mysql", "mysql", 3306, "/var/lib/mysql"),
  MONGODB("database", "mongodb", "mongo", 27017, "/data/db"),
  REDIS("cache", "redis", "redis", 6379, ""),
  MEMCACHED("cache", "memcached", "memcached", 11211, ""),
  KAFKA("topic", "kafka", "", 0, "");

  private final String resourceType;
  private final String wire;
  private final String image;
  private final int port;
  private final String dataPath;

  Engine(String resourceType, String wire, String image, int port, String dataPath) {
    this.resourceType = resourceType;
    this.wire = wire;
    this.image = image;
    this.port = port;
    this.dataPath = dataPath;
  }

  public String resourceType() {
    return resourceType;
  }

  public String wire() {
    return wire;
  }

  /** Image repository; empty for topics. */
  public String image() {
    return image;
  }

  public int port() {
    return port;
  }

  public String dataPath() {
    return dataPath;
  }

  public boolean hasCredentials() {
    return this != MEMCACHED && this != KAFKA;
  }

  public static Optional<Engine> of(String resourceType, String engine) {
    return Arrays.stream(values())
        .filter(e -> e.resourceType.equals(resourceType) && e.wire.equals(engine))
        .findFirst();
  }

  public static List<String> resourceTypes() {
    return List.of("database", "cache", "topic");
  }

  public static List<String> engines(String resourceType) {
    return Arrays.stream(values())
        .filter(e -> e.resourceType.equals(resourceType))
        .map(Engine::wire)
        .toList();
  }
}
