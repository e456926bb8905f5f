package io.driftline.server.configdrift;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The seed's three health levels from the pods of a workload:
 *
 * <ul>
 *   <li>{@code Unhealthy}: a container waits in a crash or pull loop ({@code CrashLoopBackOff},
 *       {@code ImagePullBackOff}, {@code ErrImagePull}, {@code CreateContainerConfigError}), or no
 *       pod is ready while replicas are wanted;
 *   <li>{@code Degraded}: fewer pods ready than wanted, or a container restarted at least {@code
 *       configdrift.restart_threshold} times;
 *   <li>{@code Healthy}: otherwise.
 * </ul>
 */
public final class PodHealth {
  static final Set<String> BROKEN =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "CreateContainerConfigError",
          "InvalidImageName");

  /** A level and the reason a person reads. */
  public record Health(String status, String message) {}

  private PodHealth() {}

  public static Health assess(
      List<Pod> pods, int wanted, int restartThreshold, String resourceType) {
    List<String> broken = new ArrayList<>();
    List<String> restarting = new ArrayList<>();
    int ready = 0;
    for (Pod pod : pods) {
      if (pod.getStatus() == null) continue;
      boolean podReady =
          pod.getStatus().getConditions().stream()
              .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
      if (podReady) ready++;
      for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
        String name = pod.getMetadata().getName() + "/" + c.getName();
        if (c.getState() != null
            && c.getState().getWaiting() != null
            && BROKEN.contains(c.getState().getWaiting().getReason())) {
          broken.add(name + " " + c.getState().getWaiting().getReason());
        }
        if (c.getRestartCount() != null && c.getRestartCount() >= restartThreshold) {
          restarting.add(name + " restarted " + c.getRestartCount() + " times");
        }
      }
    }
    if (!broken.isEmpty())
      return new Health("Unhealthy", "Pods failing: " + String.join(", ", broken));
    if (wanted > 0 && ready == 0)
      return new Health("Unhealthy", "No pod ready (0 of " + wanted + ")");
    if (ready < wanted) return new Health("Degraded", ready + " of " + wanted + " replicas ready");
    if (!restarting.isEmpty())
      return new Health("Degraded", "Containers restarting: " + String.join(", ", restarting));
    return new Health("Healthy", ResourceStates.readyMessage(resourceType));
  }
}
