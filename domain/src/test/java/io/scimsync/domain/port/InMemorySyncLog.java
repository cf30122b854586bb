package io.scimsync.domain.port;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reference {@link SyncLog}: runs by id and outcomes in recording order. Thread-safe; every
 * method holds the log's lock.
 */
public final class InMemorySyncLog implements SyncLog {
  private static final Comparator<Run> NEWEST_RUN_FIRST =
      Comparator.comparing(Run::startedAt).thenComparingLong(Run::id).reversed();
  private static final Comparator<Recorded> NEWEST_OUTCOME_FIRST =
      Comparator.comparing((Recorded r) -> r.outcome().at()).thenComparingLong(Recorded::seq)
          .reversed();

  private final Map<Long, Run> runs = new LinkedHashMap<>();
  private final List<Recorded> outcomes = new ArrayList<>();
  private long lastRunId;
  private long lastSeq;

  private record Recorded(long seq, ObjectOutcome outcome) {}

  private record RunKey(String provider, RunKind kind) {}

  @Override
  public synchronized long runStarted(String provider, RunKind kind, Instant at) {
    Run run = new Run(lastRunId + 1, provider, kind, at, Optional.empty(), Optional.empty());
    runs.put(run.id(), run);
    lastRunId = run.id();
    return run.id();
  }

  @Override
  public synchronized void runFinished(long runId, RunCounts counts, Instant at) {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(at, "at");
    Run run = runs.get(runId);
    if (run == null || run.finishedAt().isPresent()) {
      throw new IllegalArgumentException("no unfinished run " + runId);
    }
    runs.put(runId, new Run(runId, run.provider(), run.kind(), run.startedAt(), Optional.of(at),
        Optional.of(counts)));
  }

  @Override
  public synchronized void record(ObjectOutcome outcome) {
    outcomes.add(new Recorded(++lastSeq, Objects.requireNonNull(outcome, "outcome")));
  }

  @Override
  public synchronized List<Run> recentRuns(String provider, int limit) {
    requirePositive(limit);
    return runs.values().stream()
        .filter(run -> run.provider().equals(provider))
        .sorted(NEWEST_RUN_FIRST)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<ObjectOutcome> recentOutcomes(String provider, int limit) {
    requirePositive(limit);
    return outcomes.stream()
        .filter(r -> r.outcome().provider().equals(provider))
        .sorted(NEWEST_OUTCOME_FIRST)
        .limit(limit)
        .map(Recorded::outcome)
        .toList();
  }

  @Override
  public synchronized int prune(Instant olderThan) {
    Objects.requireNonNull(olderThan, "olderThan");
    Set<Long> latest = new HashSet<>();
    Map<RunKey, Run> latestByProviderAndKind = new LinkedHashMap<>();
    for (Run run : runs.values()) {
      latestByProviderAndKind.merge(new RunKey(run.provider(), run.kind()), run,
          (a, b) -> NEWEST_RUN_FIRST.compare(a, b) <= 0 ? a : b);
    }
    latestByProviderAndKind.values().forEach(run -> latest.add(run.id()));
    int before = runs.size() + outcomes.size();
    runs.values()
        .removeIf(run -> run.startedAt().isBefore(olderThan) && !latest.contains(run.id()));
    outcomes.removeIf(r -> r.outcome().at().isBefore(olderThan));
    return before - runs.size() - outcomes.size();
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }
}
