package io.scimsync.domain.port;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference {@link ChangeFeed}: one insertion-ordered map per provider and kind, so iteration
 * order is the order entries became pending (re-dirtying an entry does not move it). Thread-safe;
 * every method holds the feed's lock.
 */
public final class InMemoryChangeFeed implements ChangeFeed {
  private final Map<String, Map<ObjectKind, LinkedHashMap<ObjectRef, Entry>>> entries =
      new HashMap<>();
  private long lastToken;

  private static final class Entry {
    long generation = 1;
    /** 0 while unclaimed since the last claim ended. */
    long token;
    Instant leaseUntil;
    Instant notBefore;

    boolean claimableAt(Instant now) {
      return (leaseUntil == null || !leaseUntil.isAfter(now))
          && (notBefore == null || !notBefore.isAfter(now));
    }
  }

  @Override
  public synchronized void markDirty(String provider, ObjectRef object) {
    requireText(provider);
    Objects.requireNonNull(object, "object");
    LinkedHashMap<ObjectRef, Entry> queue = queue(provider, object.kind());
    Entry entry = queue.get(object);
    if (entry == null) {
      queue.put(object, new Entry());
    } else {
      entry.generation++;
    }
  }

  @Override
  public synchronized List<Claim> claim(String provider, int max, Duration lease, Instant now) {
    requireText(provider);
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    Objects.requireNonNull(now, "now");
    List<Claim> claims = new ArrayList<>();
    Instant leaseUntil = now.plus(lease);
    for (ObjectKind kind : ObjectKind.values()) {
      for (Map.Entry<ObjectRef, Entry> e : queue(provider, kind).entrySet()) {
        if (claims.size() == max) {
          return claims;
        }
        Entry entry = e.getValue();
        if (entry.claimableAt(now)) {
          entry.token = ++lastToken;
          entry.leaseUntil = leaseUntil;
          entry.notBefore = null;
          claims.add(new Claim(provider, e.getKey(), entry.generation, entry.token, leaseUntil));
        }
      }
    }
    return claims;
  }

  @Override
  public synchronized boolean acknowledge(Claim claim) {
    Entry entry = heldBy(claim);
    if (entry == null) {
      return false;
    }
    if (entry.generation == claim.generation()) {
      queue(claim.provider(), claim.object().kind()).remove(claim.object());
      return true;
    }
    entry.token = 0;
    entry.leaseUntil = null;
    return false;
  }

  @Override
  public synchronized List<Claim> renew(java.util.Collection<Claim> claims, Instant until) {
    Objects.requireNonNull(until, "until");
    List<Claim> renewed = new ArrayList<>();
    for (Claim claim : claims) {
      Entry entry = heldBy(claim);
      if (entry != null) {
        entry.leaseUntil = until;
        renewed.add(new Claim(claim.provider(), claim.object(), claim.generation(),
            claim.token(), until));
      }
    }
    return renewed;
  }

  /** Whether {@code claim} still holds its entry. */
  synchronized boolean holds(Claim claim) {
    return heldBy(claim) != null;
  }

  @Override
  public synchronized void release(Claim claim, Instant notBefore) {
    Objects.requireNonNull(notBefore, "notBefore");
    Entry entry = heldBy(claim);
    if (entry != null) {
      entry.token = 0;
      entry.leaseUntil = null;
      entry.notBefore = notBefore;
    }
  }

  @Override
  public synchronized long pending(String provider) {
    Map<ObjectKind, LinkedHashMap<ObjectRef, Entry>> byKind = entries.get(provider);
    return byKind == null ? 0 : byKind.values().stream().mapToLong(Map::size).sum();
  }

  @Override
  public synchronized int removeProvider(String provider) {
    int removed = (int) pending(provider);
    entries.remove(provider);
    return removed;
  }

  /** The entry if {@code claim} still holds it, else null. */
  private Entry heldBy(Claim claim) {
    Map<ObjectKind, LinkedHashMap<ObjectRef, Entry>> byKind = entries.get(claim.provider());
    LinkedHashMap<ObjectRef, Entry> queue =
        byKind == null ? null : byKind.get(claim.object().kind());
    Entry entry = queue == null ? null : queue.get(claim.object());
    return entry != null && entry.token == claim.token() ? entry : null;
  }

  private LinkedHashMap<ObjectRef, Entry> queue(String provider, ObjectKind kind) {
    return entries.computeIfAbsent(provider, p -> new EnumMap<>(ObjectKind.class))
        .computeIfAbsent(kind, k -> new LinkedHashMap<>());
  }

  private static void requireText(String provider) {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
  }
}
