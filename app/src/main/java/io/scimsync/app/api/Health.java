package io.scimsync.app.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: 200 when the database answers, 503 when it does not. A provider whose
 * target fails does not make the daemon unhealthy (other providers keep working); it shows here.
 *
 * @param providers per provider: "ok", "paused", "failing", "starting", "dry-run"
 */
public record Health(boolean databaseUp, String database, Map<String, String> providers) {
  public Health {
    providers = Map.copyOf(providers);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", databaseUp ? "ok" : "unavailable");
    out.put("database", database);
    out.put("providers", new java.util.TreeMap<>(providers));
    return out;
  }
}
