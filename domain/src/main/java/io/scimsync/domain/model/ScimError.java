package io.scimsync.domain.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SCIM error body (RFC 7644 §3.12). {@code status} is the HTTP status as the body states it
 * (the RFC makes it a string); {@code scimType} is e.g. "uniqueness" or "invalidFilter".
 */
public record ScimError(String status, Optional<String> scimType, Optional<String> detail) {
  public ScimError {
    if (status == null || status.isBlank()) {
      throw new IllegalArgumentException("status must not be blank");
    }
  }

  public Map<String, Object> toMap() {
    return JsonValues.object("schemas", List.of(ScimSchemas.ERROR), "status", status,
        "scimType", scimType, "detail", detail);
  }

  /**
   * Reads an error body if it looks like one (a {@code detail} or {@code scimType} is enough: vendors
   * omit fields, Sentry omits {@code scimType}); {@code httpStatus} stands in for a missing status.
   */
  @SuppressWarnings("unchecked")
  public static Optional<ScimError> fromBody(Object body, int httpStatus) {
    if (!(body instanceof Map<?, ?> raw)) {
      return Optional.empty();
    }
    Map<String, Object> map = (Map<String, Object>) raw;
    Optional<String> detail = JsonValues.string(JsonValues.getIgnoreCase(map, "detail"));
    Optional<String> scimType = JsonValues.string(JsonValues.getIgnoreCase(map, "scimType"));
    if (detail.isEmpty() && scimType.isEmpty()) {
      return Optional.empty();
    }
    String status = JsonValues.string(JsonValues.getIgnoreCase(map, "status"))
        .orElse(Integer.toString(httpStatus));
    return Optional.of(new ScimError(status, scimType, detail));
  }
}
