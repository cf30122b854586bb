package io.scimsync.domain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A SCIM list response (RFC 7644 §3.4.2). Read leniently: keys ignore case, the counters may be
 * absent or strings (a common server bug, per Okta), and resources that are not objects are
 * dropped. {@code nextCursor} is the RFC 9865 cursor some targets (AWS) page with.
 */
public record ListResponse(List<Map<String, Object>> resources, OptionalInt totalResults,
                           OptionalInt startIndex, OptionalInt itemsPerPage,
                           Optional<String> nextCursor) {
  public ListResponse {
    resources = resources.stream().map(JsonValues::copyObject).toList();
  }

  public Map<String, Object> toMap() {
    return JsonValues.object(
        "schemas", List.of(ScimSchemas.LIST_RESPONSE),
        "totalResults", totalResults.isPresent() ? totalResults.getAsInt() : resources.size(),
        "startIndex", startIndex.isPresent() ? startIndex.getAsInt() : null,
        "itemsPerPage", itemsPerPage.isPresent() ? itemsPerPage.getAsInt() : null,
        "nextCursor", nextCursor,
        "Resources", resources);
  }

  /** Empty when the body is not an object at all. */
  @SuppressWarnings("unchecked")
  public static Optional<ListResponse> fromBody(Object body) {
    if (!(body instanceof Map<?, ?> raw)) {
      return Optional.empty();
    }
    Map<String, Object> map = (Map<String, Object>) raw;
    List<Map<String, Object>> resources = new ArrayList<>();
    if (JsonValues.getIgnoreCase(map, "Resources") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> resource) {
          resources.add((Map<String, Object>) resource);
        }
      }
    }
    return Optional.of(new ListResponse(resources,
        integer(JsonValues.getIgnoreCase(map, "totalResults")),
        integer(JsonValues.getIgnoreCase(map, "startIndex")),
        integer(JsonValues.getIgnoreCase(map, "itemsPerPage")),
        JsonValues.string(JsonValues.getIgnoreCase(map, "nextCursor"))));
  }

  static OptionalInt integer(Object value) {
    if (value instanceof Number n) {
      return OptionalInt.of(n.intValue());
    }
    if (value instanceof String s) {
      try {
        return OptionalInt.of(Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }
}
