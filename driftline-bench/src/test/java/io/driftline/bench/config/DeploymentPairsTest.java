package io.driftline.bench.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.config.DiffOptions;
import io.driftline.config.ManifestDiffer;
import io.driftline.config.SecretMasker;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's pairs are what they claim: server-shaped live objects are drift exactly when
 * drifted.
 */
class DeploymentPairsTest {
  @Test
  void differFindsDriftExactlyInTheDriftedPairs() {
    var differ =
        new ManifestDiffer(
            DiffOptions.defaults().withManager("argocd-controller"),
            new SecretMasker(new byte[16]));
    var pairs = DeploymentPairs.generate(1024, 42);
    int drifted = 0;
    for (var p : pairs) {
      var result = differ.diff(p.desired(), p.live());
      assertThat(result.drift()).as(result.differences().toString()).isEqualTo(p.drifted());
      if (p.drifted()) {
        drifted++;
        assertThat(result.differences()).hasSize(1);
      }
    }
    assertThat(drifted).isBetween(70, 140);
  }
}
