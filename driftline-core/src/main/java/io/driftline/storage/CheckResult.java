package io.driftline.storage;

import java.util.Optional;

/** Outcome of {@link StorageComponent#check()}. */
public record CheckResult(boolean ok, Optional<String> error) {
  public static final CheckResult OK = new CheckResult(true, Optional.empty());

  public static CheckResult failed(Throwable cause) {
    return new CheckResult(false, Optional.of(String.valueOf(cause.getMessage())));
  }
}
