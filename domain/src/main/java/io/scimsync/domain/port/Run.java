package io.scimsync.domain.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a provider as the {@link SyncLog} holds it.
 *
 * @param finishedAt empty while the run is going on, or if it never finished (the process died)
 * @param counts     present exactly when {@code finishedAt} is
 */
public record Run(long id, String provider, RunKind kind, Instant startedAt,
                  Optional<Instant> finishedAt, Optional<RunCounts> counts) {
  public Run {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(startedAt, "startedAt");
    if (finishedAt.isPresent() != counts.isPresent()) {
      throw new IllegalArgumentException("a finished run has counts, an unfinished one none");
    }
  }
}
