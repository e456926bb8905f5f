package io.driftline.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The audit record of one remediation of one drifted object: what the policy decided, whether it
 * was a dry run, who approved it and what the cluster answered. Written for every remediation,
 * dry-run or real, and kept (it is the audit trail).
 *
 * @param policy {@code auto-remediate}, {@code alert-only} or {@code require-approval}
 * @param status {@code dry-run} (would have applied), {@code applied}, {@code failed}, {@code
 *     pending-approval}, {@code rejected}, {@code alerted}
 * @param differencesJson the differences that caused it, as JSON (secret values masked)
 */
public record RemediationRecord(
    String remediationId,
    String objectKey,
    String deploymentId,
    String namespace,
    String resourceName,
    Optional<String> driftId,
    String policy,
    String status,
    boolean dryRun,
    String differencesJson,
    String result,
    long createdMillis,
    Optional<String> decidedBy,
    OptionalLong decidedMillis) {

  public RemediationRecord {
    Objects.requireNonNull(remediationId, "remediationId");
    Objects.requireNonNull(objectKey, "objectKey");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(status, "status");
    deploymentId = deploymentId == null ? "" : deploymentId;
    namespace = namespace == null ? "" : namespace;
    resourceName = resourceName == null ? "" : resourceName;
    differencesJson = differencesJson == null ? "[]" : differencesJson;
    result = result == null ? "" : result;
  }

  public RemediationRecord decided(String newStatus, boolean dry, String by, long at, String res) {
    return new RemediationRecord(
        remediationId,
        objectKey,
        deploymentId,
        namespace,
        resourceName,
        driftId,
        policy,
        newStatus,
        dry,
        differencesJson,
        res,
        createdMillis,
        Optional.of(by),
        OptionalLong.of(at));
  }
}
