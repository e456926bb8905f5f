package io.driftline.server.config;

/** Configuration that cannot start the service; the message names the key and the problem. */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
