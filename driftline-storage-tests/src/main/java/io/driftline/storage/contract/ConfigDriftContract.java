package io.driftline.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.config.DesiredObject;
import io.driftline.config.Provision;
import io.driftline.config.RemediationRecord;
import io.driftline.storage.StorageComponent;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Desired state (provisions and desired objects) and the remediation audit trail of configuration
 * drift; run by {@link StorageContract} as nested groups.
 */
final class ConfigDriftContract {
  private ConfigDriftContract() {}

  static DesiredObject object(String key, String deployment, String json) {
    return new DesiredObject(key, deployment, "team-platform", "postgres-app-db", json, 1_000);
  }

  static Provision provision(String id, String namespace, String name) {
    return new Provision(
        id,
        "database",
        "postgresql",
        "15",
        "medium",
        1,
        namespace,
        name,
        "Pending",
        "",
        1_000,
        1_000);
  }

  static RemediationRecord remediation(String id, String key, String status, long at) {
    return new RemediationRecord(
        id,
        key,
        "deploy-1",
        "team-platform",
        "postgres-app-db",
        Optional.of("drift-1"),
        "require-approval",
        status,
        true,
        "[{\"path\":\"/spec/replicas\"}]",
        "",
        at,
        Optional.empty(),
        OptionalLong.empty());
  }

  abstract static class DesiredState {
    abstract StorageComponent storage();

    @Test
    void objectsComeBackByKeyAndByDeploymentInKeyOrder() {
      var sts =
          object("apps/StatefulSet team-platform/db", "deploy-1", "{\"kind\":\"StatefulSet\"}");
      var svc = object("Service team-platform/db", "deploy-1", "{\"kind\":\"Service\"}");
      var other = object("Service team-platform/web", "deploy-2", "{\"kind\":\"Service\"}");
      storage().desiredState().putAll(List.of(svc, other, sts));

      assertThat(storage().desiredState().get(sts.key())).contains(sts);
      assertThat(storage().desiredState().ofDeployment("deploy-1"))
          .containsExactly(svc, sts); // "S" sorts before "a"
      assertThat(storage().desiredState().all()).containsExactly(svc, other, sts);
      assertThat(storage().desiredState().get("nope")).isEmpty();
    }

    @Test
    void sameKeyReplacesAndRemoveDeletes() {
      storage().desiredState().put(object("Service ns/a", "deploy-1", "{\"v\":1}"));
      storage().desiredState().put(object("Service ns/a", "deploy-1", "{\"v\":2}"));

      assertThat(storage().desiredState().all())
          .singleElement()
          .extracting(DesiredObject::manifestJson)
          .isEqualTo("{\"v\":2}");
      assertThat(storage().desiredState().remove("Service ns/a")).isTrue();
      assertThat(storage().desiredState().remove("Service ns/a")).isFalse();
      assertThat(storage().desiredState().all()).isEmpty();
    }

    @Test
    void provisionsAreFoundByIdAndNamespaceAndUpdatedInPlace() {
      var a = provision("deploy-a", "team-platform", "orders-db");
      var b = provision("deploy-b", "team-platform", "billing-db");
      var c = provision("deploy-c", "team-data", "events");
      storage().desiredState().put(a);
      storage().desiredState().put(b);
      storage().desiredState().put(c);
      var ready = a.withPhase("Ready", "running", 2_000);
      storage().desiredState().put(ready);

      assertThat(storage().desiredState().provision("deploy-a")).contains(ready);
      assertThat(storage().desiredState().provisions(Optional.of("team-platform")))
          .containsExactly(b, ready);
      assertThat(storage().desiredState().provisions(Optional.empty())).hasSize(3);
    }
  }

  abstract static class Remediations {
    abstract StorageComponent storage();

    @Test
    void recordsComeBackNewestFirstAndFiltered() {
      var first = remediation("r1", "Service ns/a", "dry-run", 1_000);
      var second = remediation("r2", "Service ns/b", "pending-approval", 2_000);
      var third = remediation("r3", "Service ns/a", "applied", 3_000);
      storage().remediations().write(first);
      storage().remediations().write(second);
      storage().remediations().write(third);

      var all = storage().remediations();
      assertThat(all.find(Optional.empty(), Optional.empty(), Optional.empty(), 10, 0))
          .containsExactly(third, second, first);
      assertThat(all.find(Optional.of("Service ns/a"), Optional.empty(), Optional.empty(), 10, 0))
          .containsExactly(third, first);
      assertThat(
              all.find(
                  Optional.empty(),
                  Optional.of("deploy-1"),
                  Optional.of("pending-approval"),
                  10,
                  0))
          .containsExactly(second);
      assertThat(all.find(Optional.empty(), Optional.empty(), Optional.empty(), 1, 1))
          .containsExactly(second);
    }

    @Test
    void aDecisionReplacesThePendingRecord() {
      var pending = remediation("r1", "Service ns/a", "pending-approval", 1_000);
      storage().remediations().write(pending);
      var approved = pending.decided("applied", false, "alice", 5_000, "server-side apply ok");
      storage().remediations().write(approved);

      assertThat(storage().remediations().get("r1")).contains(approved);
      assertThat(storage().remediations().get("r2")).isEmpty();
    }
  }
}
