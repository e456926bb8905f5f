package io.driftline.sources.prometheus;

import java.util.regex.Pattern;

/**
 * A pod's workload name from the pod name alone, for sources that see pods but not their owners.
 * Kubernetes names pods of a Deployment {@code <deployment>-<pod-template-hash>-<5 chars>}, of a
 * DaemonSet or Job {@code <name>-<5 chars>} and of a StatefulSet {@code <name>-<ordinal>}; the
 * random suffixes use the alphabet {@code bcdfghjklmnpqrstvwxz2456789} (k8s.io/apimachinery {@code
 * rand.SafeEncodeString}), so ordinary words are not mistaken for them.
 */
public final class WorkloadNames {
  private static final String SAFE = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final Pattern DEPLOYMENT =
      Pattern.compile("(.+)-" + SAFE + "{6,10}-" + SAFE + "{5}");
  private static final Pattern GENERATED = Pattern.compile("(.+)-" + SAFE + "{5}");
  private static final Pattern ORDINAL = Pattern.compile("(.+)-\\d+");

  private WorkloadNames() {}

  /** {@code checkout-7d9f8b6c5d-x2k4p} -> {@code checkout}; {@code db-0} -> {@code db}. */
  public static String fromPod(String pod) {
    for (Pattern p : new Pattern[] {DEPLOYMENT, GENERATED, ORDINAL}) {
      var m = p.matcher(pod);
      if (m.matches()) return m.group(1);
    }
    return pod;
  }
}
