package io.scimsync.domain.engine;

import io.scimsync.domain.model.JsonValues;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is known to be on the target for one linked user: its remote id, the
 * {@link io.scimsync.domain.change.Projection} of the attributes last written (or, after an
 * adoption or a reconcile read, of what was found there, limited to the attributes this engine
 * writes), and the ETag the target last reported, if any.
 */
public record WrittenUser(String remoteId, Map<String, Object> attributes, Optional<String> etag) {
  public WrittenUser {
    if (!ScimRequest.usableId(remoteId)) {
      throw new IllegalArgumentException("not a usable remote id: '" + remoteId + "'");
    }
    // sorted like a projection: Map.copyOf iterates in a per-JVM random order, which would make
    // the order of planned PATCH operations differ from one run of the daemon to the next
    attributes = Collections.unmodifiableMap(new TreeMap<>(JsonValues.copyObject(attributes)));
  }

  /** The {@code userName} last written, for messages; empty if the projection lacks it. */
  public Optional<String> userName() {
    return JsonValues.string(attributes.get("userName"));
  }
}
