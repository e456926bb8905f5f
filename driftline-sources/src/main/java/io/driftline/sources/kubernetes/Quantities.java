package io.driftline.sources.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes quantities ({@code 250m}, {@code 1.5}, {@code 512Mi}, {@code 1e3}) as numbers, parsed
 * by fabric8's {@link Quantity} (the API's suffix rules: binary {@code Ki..Ei}, decimal {@code
 * n..E}, exponents). CPU comes out in cores, memory in bytes.
 */
final class Quantities {
  private Quantities() {}

  /** The named quantity of a map such as {@code requests} or {@code allocatable}. */
  static Optional<BigDecimal> of(Map<String, Quantity> map, String name) {
    if (map == null) return Optional.empty();
    Quantity q = map.get(name);
    if (q == null || q.getAmount() == null || q.getAmount().isBlank()) return Optional.empty();
    try {
      return Optional.of(q.getNumericalAmount());
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + q + "' is not a Kubernetes quantity", e);
    }
  }

  static double orZero(Map<String, Quantity> map, String name) {
    return of(map, name).map(BigDecimal::doubleValue).orElse(0.0);
  }
}
