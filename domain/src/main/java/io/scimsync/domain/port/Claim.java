package io.scimsync.domain.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker's lease on one dirty entry of the {@link ChangeFeed}: while it holds, no other claim
 * returns the entry, so one object is never synced by two workers at once.
 *
 * @param provider   the provider the entry is dirty for
 * @param object     the object to sync to its current desired state
 * @param generation how often the entry had been dirtied when it was claimed (starting at 1);
 *                   {@link ChangeFeed#acknowledge} compares it to see whether the object changed
 *                   meanwhile
 * @param token      identifies this claim among all claims of the entry (positive): a later
 *                   claim of the same entry (after this lease ended) gets a different token, and
 *                   from then on this claim can neither acknowledge nor release it
 * @param leaseUntil the claim's {@code now} plus its lease; from then on the entry may be claimed
 *                   again
 */
public record Claim(String provider, ObjectRef object, long generation, long token,
                    Instant leaseUntil) {
  public Claim {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    Objects.requireNonNull(object, "object");
    if (generation < 1) {
      throw new IllegalArgumentException("generation must be positive: " + generation);
    }
    if (token < 1) {
      throw new IllegalArgumentException("token must be positive: " + token);
    }
    Objects.requireNonNull(leaseUntil, "leaseUntil");
  }
}
