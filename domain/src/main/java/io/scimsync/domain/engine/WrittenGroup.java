package io.scimsync.domain.engine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is known to be on the target for one linked group: its remote id, the
 * {@link io.scimsync.domain.change.Projection} of the attributes last written, and the remote ids
 * of its members; {@code etag} is the version the target reported for the last write, if any.
 * {@code memberIds} is empty when the members are unknown (a group adopted from a
 * target that does not echo members); then nothing is removed on the strength of it.
 */
public record WrittenGroup(String remoteId, Map<String, Object> attributes,
                           Optional<Set<String>> memberIds, Optional<String> etag) {
  public WrittenGroup {
    if (!ScimRequest.usableId(remoteId)) {
      throw new IllegalArgumentException("not a usable remote id: '" + remoteId + "'");
    }
    // sorted, so that remove operations come out in the same order on every run
    attributes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
    memberIds = memberIds.map(Set::copyOf);
  }
}
