package io.driftline.sources.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lists every item of a resource in pages of {@code limit} items, following {@code continue}
 * tokens, as the API's chunked list protocol prescribes
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks).
 * A failed call becomes an {@link ApiFailure} naming what was listed.
 */
final class ApiLists {
  /** A guard against an API that keeps answering with a continue token. */
  static final int MAX_PAGES = 10_000;

  private ApiLists() {}

  static <T extends HasMetadata> List<T> all(
      String what, int pageSize, Function<ListOptions, KubernetesResourceList<T>> call)
      throws ApiFailure {
    List<T> items = new ArrayList<>();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ListOptions options =
          new ListOptionsBuilder().withLimit((long) pageSize).withContinue(token).build();
      KubernetesResourceList<T> list;
      try {
        list = call.apply(options);
      } catch (KubernetesClientException e) {
        throw ApiFailure.of(what, e);
      }
      if (list.getItems() != null) items.addAll(list.getItems());
      token = list.getMetadata() == null ? null : list.getMetadata().getContinue();
      if (token == null || token.isEmpty()) return items;
    }
    throw new ApiFailure(what, 0, "more than " + MAX_PAGES + " pages");
  }
}
