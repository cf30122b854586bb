package io.scimsync.domain.sync;

import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a claimed group runs: a group that keeps changing (a burst of membership changes, its
 * members landing one by one) is held until it has been quiet for {@link #QUIET}, but never
 * longer than {@link #MAX_HOLD} in all, so that a burst of 1,000 adds costs one membership PATCH
 * (or one per 100 members where the target takes no more) instead of one per change. A single
 * change to a quiet group runs at once. Pure and not thread-safe: one owner, time passed in.
 *
 * <p>A burst shows in the claim: a group claimed with a generation above 1 changed more than
 * once since it was last done; one claimed again after a hold with a higher generation is still
 * changing. A group written less than {@link #QUIET} ago is held too.
 */
public final class GroupSettle {
  public static final Duration QUIET = Duration.ofMillis(250);
  public static final Duration MAX_HOLD = Duration.ofSeconds(5);

  private record Held(Instant since, long generation) {}

  private final Map<ObjectRef, Held> held = new HashMap<>();
  private final Map<ObjectRef, Instant> written = new HashMap<>();

  /** Empty: run the claim now; else give it back until then. */
  public Optional<Instant> holdUntil(Claim claim, Instant now) {
    Objects.requireNonNull(now, "now");
    ObjectRef group = claim.object();
    if (group.kind() != ObjectKind.GROUP) {
      return Optional.empty();
    }
    Held before = held.get(group);
    if (before != null) {
      boolean changing = claim.generation() > before.generation();
      if (changing && now.isBefore(before.since().plus(MAX_HOLD))) {
        held.put(group, new Held(before.since(), claim.generation()));
        return Optional.of(min(now.plus(QUIET), before.since().plus(MAX_HOLD)));
      }
      held.remove(group);
      return Optional.empty();
    }
    Instant last = written.get(group);
    Instant quietFromWrite = last == null ? null : last.plus(QUIET);
    boolean recent = quietFromWrite != null && quietFromWrite.isAfter(now);
    if (recent || claim.generation() > 1) {
      held.put(group, new Held(now, claim.generation()));
      Instant until = now.plus(QUIET);
      return Optional.of(recent && quietFromWrite.isAfter(until) ? quietFromWrite : until);
    }
    return Optional.empty();
  }

  /** The group was written to the target now. */
  public void written(ObjectRef group, Instant now) {
    if (group.kind() == ObjectKind.GROUP) {
      written.put(group, now);
    }
  }

  /** Forgets what can no longer matter (call now and then): memory stays bounded. */
  public void expire(Instant now) {
    written.values().removeIf(at -> !at.plus(QUIET).isAfter(now));
    held.values().removeIf(h -> !h.since().plus(MAX_HOLD).plus(QUIET).isAfter(now));
  }

  /** Groups held or recently written, for tests and status. */
  public int tracked() {
    return held.size() + written.size();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
