package io.driftline.storage;

/**
 * The detection state of one service as of sample {@code lastSeq}, in the format of {@link
 * io.driftline.health.ServiceHealth#encode()}. Storage treats the state as opaque bytes.
 */
public record ServiceCheckpoint(String service, long lastSeq, byte[] state) {}
