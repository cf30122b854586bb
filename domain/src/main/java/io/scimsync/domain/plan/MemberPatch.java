package io.scimsync.domain.plan;

import io.scimsync.domain.model.PatchRequest;
import java.util.Set;

/**
 * One planned membership PATCH and its effect: once the target accepts it, {@code added} are
 * members and {@code removed} are not (a PATCH is atomic, RFC 7644 §3.5.2).
 */
public record MemberPatch(PatchRequest request, Set<String> added, Set<String> removed) {
  public MemberPatch {
    added = Set.copyOf(added);
    removed = Set.copyOf(removed);
  }

  /** Members this request adds or removes, the quantity vendor limits count (AWS: 100). */
  public int memberChanges() {
    return added.size() + removed.size();
  }

  /** {@code current} after this request succeeded. */
  public Set<String> applyTo(Set<String> current) {
    java.util.Set<String> next = new java.util.HashSet<>(current);
    next.addAll(added);
    next.removeAll(removed);
    return Set.copyOf(next);
  }
}
