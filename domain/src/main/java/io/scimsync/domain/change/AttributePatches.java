package io.scimsync.domain.change;

import io.scimsync.domain.model.PatchOperation;
import io.scimsync.domain.model.PatchRequest;
import io.scimsync.domain.target.AttributeWrite;
import io.scimsync.domain.model.ScimSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PATCH operations that write {@link AttributeChanges}; replaces first, then removes. */
public final class AttributePatches {
  private AttributePatches() {}

  /** One path-less {@code replace} carrying every changed attribute, then one remove per path. */
  public static List<PatchOperation> replaceTogether(AttributeChanges changes) {
    List<PatchOperation> ops = new ArrayList<>();
    if (!changes.changed().isEmpty()) {
      ops.add(PatchOperation.replace(null, changes.changed()));
    }
    changes.removedPaths().forEach(path -> ops.add(PatchOperation.remove(path)));
    return ops;
  }

  /**
   * One {@code replace} with a path per changed attribute (AWS refuses a path-less replace of
   * several attributes, authentik issue #12321); extension attributes are addressed one by one.
   */
  @SuppressWarnings("unchecked")
  public static List<PatchOperation> replaceEach(AttributeChanges changes) {
    List<PatchOperation> ops = new ArrayList<>();
    changes.changed().forEach((key, value) -> {
      if (ScimSchemas.isSchemaUrn(key) && value instanceof Map<?, ?> extension) {
        ((Map<String, Object>) extension).forEach((sub, subValue) ->
            ops.add(PatchOperation.replace(AttributeChanges.subPath(key, sub), subValue)));
      } else {
        ops.add(PatchOperation.replace(key, value));
      }
    });
    changes.removedPaths().forEach(path -> ops.add(PatchOperation.remove(path)));
    return ops;
  }

  /**
   * The PATCH requests that write {@code changes} with {@code write} (PATCH_PER_ATTRIBUTE, else
   * one path-less replace), at most {@code maxOperations} operations each.
   */
  public static List<PatchRequest> requests(AttributeChanges changes, AttributeWrite write,
                                            int maxOperations) {
    List<PatchOperation> ops = write == AttributeWrite.PATCH_PER_ATTRIBUTE
        ? replaceEach(changes) : replaceTogether(changes);
    List<PatchRequest> requests = new ArrayList<>();
    for (int i = 0; i < ops.size(); i += maxOperations) {
      requests.add(new PatchRequest(ops.subList(i, (int) Math.min(ops.size(), (long) i + maxOperations))));
    }
    return requests;
  }
}
