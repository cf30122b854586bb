package io.scimsync.domain.model;

import java.util.List;
import java.util.Map;

/**
 * A SCIM PATCH body (RFC 7644 §3.5.2). It always carries the PatchOp {@code schemas}: authentik's
 * general replace dropped it and strict servers reject such a body (W12).
 */
public record PatchRequest(List<PatchOperation> operations) {
  public PatchRequest {
    operations = List.copyOf(operations);
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("a PATCH needs at least one operation");
    }
  }

  public static PatchRequest of(PatchOperation... operations) {
    return new PatchRequest(List.of(operations));
  }

  public List<String> schemas() {
    return List.of(ScimSchemas.PATCH_OP);
  }

  public Map<String, Object> toMap() {
    return JsonValues.object("schemas", schemas(),
        "Operations", operations.stream().map(PatchOperation::toMap).toList());
  }
}
