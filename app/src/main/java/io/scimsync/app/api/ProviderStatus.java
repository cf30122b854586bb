package io.scimsync.app.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's progress: {@code pending == 0 && inFlight == 0} means converged (DESIGN.md §5).
 *
 * @param pending        dirty objects not yet done, including a requested or running reconcile
 * @param inFlight       objects being written now
 * @param syncedUsers    users whose remote object matches what was last written
 * @param syncedGroups   groups likewise
 * @param failed         objects whose last attempt failed (at most 100), with the target's detail
 * @param lastReconcile  the latest finished or running reconcile
 * @param reconciling    whether a reconcile is requested or running
 * @param pausedUntil    when the target asked us to wait (429 Retry-After), while it lasts
 * @param state          the actor's state: "running", "starting" (capabilities being fetched),
 *                       "stopped"
 */
public record ProviderStatus(String name, long pending, int inFlight, long syncedUsers,
                             long syncedGroups, List<Failed> failed,
                             Optional<ReconcileRun> lastReconcile, boolean reconciling,
                             Optional<Instant> pausedUntil, String state, boolean dryRun) {
  public ProviderStatus {
    Objects.requireNonNull(name, "name");
    failed = List.copyOf(failed);
    Objects.requireNonNull(lastReconcile, "lastReconcile");
    Objects.requireNonNull(pausedUntil, "pausedUntil");
    Objects.requireNonNull(state, "state");
  }

  /** @param kind "user" or "group"; {@code status} the HTTP status, when there was one */
  public record Failed(String kind, String id, String error, Optional<Integer> status,
                       int attempts, Optional<Instant> nextAttemptAt) {}

  /** @param counts created, updated, deleted, unchanged, failed, adopted; empty while running */
  public record ReconcileRun(long id, Instant startedAt, Optional<Instant> finishedAt,
                             Optional<Map<String, Integer>> counts) {}

  /** The JSON body of {@code GET /api/v1/providers/{name}/status}. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("state", state);
    out.put("pending", pending);
    out.put("inFlight", inFlight);
    out.put("synced", Map.of("users", syncedUsers, "groups", syncedGroups));
    out.put("failed", failed.stream().map(f -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", f.kind());
      m.put("id", f.id());
      m.put("error", f.error());
      m.put("status", f.status().orElse(null));
      m.put("attempts", f.attempts());
      m.put("nextAttemptAt", f.nextAttemptAt().map(Instant::toString).orElse(null));
      return m;
    }).toList());
    out.put("lastReconcile", lastReconcile.map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("startedAt", r.startedAt().toString());
      m.put("finishedAt", r.finishedAt().map(Instant::toString).orElse(null));
      m.put("counts", r.counts().orElse(null));
      return m;
    }).orElse(null));
    out.put("reconciling", reconciling);
    out.put("pausedUntil", pausedUntil.map(Instant::toString).orElse(null));
    out.put("dryRun", dryRun);
    return out;
  }
}
