package io.scimsync.app.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a reconcile would send now: the mutating requests, in order, none of them sent. Reads
 * (lookups, drift checks) do happen and are counted, not listed.
 *
 * @param total     mutating requests found (may exceed {@code requests.size()} when truncated)
 * @param truncated whether the list stops at the limit
 * @param reads     GETs sent to work the plan out
 * @param error     why the plan stopped early (the target could not be read); the requests
 *                  listed are those found until then
 */
public record Plan(String provider, List<PlannedRequest> requests, int total, boolean truncated,
                   int reads, java.util.Optional<String> error) {
  public Plan {
    requests = List.copyOf(requests);
    java.util.Objects.requireNonNull(error, "error");
  }

  /** @param object "user 'u1'" or "group 'g1'": the local object it is for */
  public record PlannedRequest(String object, String method, String path,
                               Optional<Map<String, Object>> body) {}

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("provider", provider);
    out.put("total", total);
    out.put("truncated", truncated);
    out.put("reads", reads);
    out.put("error", error.orElse(null));
    out.put("requests", requests.stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("object", r.object());
      m.put("method", r.method());
      m.put("path", r.path());
      m.put("body", r.body().orElse(null));
      return m;
    }).toList());
    return out;
  }
}
