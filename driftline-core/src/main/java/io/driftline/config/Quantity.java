package io.driftline.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities as exact decimals, so {@code 0.2 == 200m} and {@code 1Gi ==
 * 1073741824}. Suffixes as in the API's quantity type
 * (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/): binary {@code
 * Ki Mi Gi Ti Pi Ei}, decimal {@code n u m k M G T P E}, and decimal exponents {@code 1e3}.
 */
final class Quantity {
  private static final Pattern FORM =
      Pattern.compile(
          "([-+]?(?:\\d+\\.?\\d*|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][-+]?\\d+)?");
  private static final Map<String, BigDecimal> SUFFIX =
      Map.ofEntries(
          Map.entry("Ki", BigDecimal.valueOf(1024L)),
          Map.entry("Mi", BigDecimal.valueOf(1024L * 1024)),
          Map.entry("Gi", BigDecimal.valueOf(1024L * 1024 * 1024)),
          Map.entry("Ti", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024)),
          Map.entry("Pi", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024)),
          Map.entry("Ei", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024 * 1024)),
          Map.entry("n", new BigDecimal("1e-9")),
          Map.entry("u", new BigDecimal("1e-6")),
          Map.entry("m", new BigDecimal("1e-3")),
          Map.entry("k", new BigDecimal("1e3")),
          Map.entry("M", new BigDecimal("1e6")),
          Map.entry("G", new BigDecimal("1e9")),
          Map.entry("T", new BigDecimal("1e12")),
          Map.entry("P", new BigDecimal("1e15")),
          Map.entry("E", new BigDecimal("1e18")));

  private Quantity() {}

  /** The value of a quantity given as a number or a string; empty when it is not one. */
  static Optional<BigDecimal> parse(Object value) {
    if (value instanceof Number) return Optional.ofNullable(Trees.number(value));
    if (!(value instanceof String s)) return Optional.empty();
    Matcher m = FORM.matcher(s.trim());
    if (!m.matches()) return Optional.empty();
    BigDecimal base = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
    String suffix = m.group(2);
    if (suffix == null) return Optional.of(base);
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      return Optional.of(base.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
    }
    return Optional.of(base.multiply(SUFFIX.get(suffix)));
  }
}
