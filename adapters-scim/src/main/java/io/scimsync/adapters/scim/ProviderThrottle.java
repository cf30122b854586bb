package io.scimsync.adapters.scim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admission control for one provider: every request first {@linkplain #acquire acquires} a
 * {@link Permit}, which needs a free concurrency slot, a token of the overall rate and, for writes,
 * of the write rate, and the provider not being {@linkplain #pauseUntil paused}. Thread-safe and
 * non-blocking: waiting is a scheduled wake-up on the {@link Timer}, never a sleep.
 *
 * <p>Waiters are admitted strictly first come, first served: a write waiting for a write token
 * holds up the reads behind it. That is deliberate: nothing starves, and the order in which the
 * engine hands requests over is the order in which they reach the provider.
 *
 * <p>The rate limits are token buckets, kept as a theoretical arrival time in whole nanoseconds
 * (GCRA), so no floating-point token count drifts and the next free token has an exact time.
 */
public final class ProviderThrottle {
  // pauses further away than this are as good as forever, and keep nanosecond arithmetic safe
  private static final long FOREVER_NANOS = Duration.ofDays(365L * 100).toNanos();

  private final ThrottleSettings settings;
  private final Timer timer;
  private final Instant origin;
  private final Object lock = new Object();
  // guarded by lock
  private final Bucket requests;
  private final Bucket writes;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int inFlight;
  private Instant pausedUntil;
  private Timer.Cancellable wake;
  private long wakeAt;
  private Object wakeToken;
  private boolean closed;
  // grants are completed outside the lock, one thread at a time, in the order they were made:
  // completing a future runs the caller's continuation, which may release at once and recurse
  private final Queue<Grant> grants = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean completing = new AtomicBoolean();

  /** A throttle enforcing {@code settings}, with time and wake-ups from {@code timer}. */
  public ProviderThrottle(ThrottleSettings settings, Timer timer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.origin = timer.now();
    this.requests = Bucket.of(settings.requestsPerSecond(), settings.burst());
    this.writes = Bucket.of(settings.writesPerSecond(), settings.writeBurst());
  }

  public ThrottleSettings settings() {
    return settings;
  }

  /**
   * A permit to send one request, once the limits allow; {@code write} for a mutating request.
   * The permit must be {@linkplain Permit#release released} when the reply (or failure) is in.
   * Cancelling the returned stage's future gives up the place in the queue.
   */
  public CompletionStage<Permit> acquire(boolean write) {
    Waiter waiter = new Waiter(write);
    synchronized (lock) {
      if (closed) {
        waiter.completeExceptionally(new ClosedException());
        return waiter;
      }
      waiters.addLast(waiter);
      admit();
    }
    completeGrants();
    return waiter;
  }

  /**
   * Grants no permit before {@code until}, to anyone: a 429 means the provider as a whole is over
   * its limit, so the other requests would only earn 429s too. Extends an earlier pause, never
   * shortens it; requests already in flight are not affected.
   */
  public void pauseUntil(Instant until) {
    Objects.requireNonNull(until, "until");
    synchronized (lock) {
      if (pausedUntil == null || until.isAfter(pausedUntil)) {
        pausedUntil = until;
      }
      admit();
    }
    completeGrants();
  }

  /** The end of the current pause; empty when not paused. */
  public Optional<Instant> pausedUntil() {
    Instant now = timer.now();
    synchronized (lock) {
      return Optional.ofNullable(pausedUntil).filter(until -> until.isAfter(now));
    }
  }

  /**
   * Fails every waiting acquisition, and every later one, with {@link ClosedException}; permits
   * already granted stay valid until released.
   */
  public void close() {
    List<Waiter> failed;
    synchronized (lock) {
      closed = true;
      failed = new ArrayList<>(waiters);
      waiters.clear();
      if (wake != null) {
        wake.cancel();
        wake = null;
        wakeToken = null;
      }
    }
    failed.forEach(w -> w.completeExceptionally(new ClosedException()));
  }

  /** The throttle was closed before a permit could be granted: the request never left. */
  public static final class ClosedException extends RuntimeException {
    ClosedException() {
      super("the provider's transport is closed", null, false, false);
    }
  }

  /** Permits granted and not yet released. */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /** Acquisitions waiting for a permit. */
  public int waiting() {
    synchronized (lock) {
      return (int) waiters.stream().filter(w -> !w.isDone()).count();
    }
  }

  /** Leave to send one request; release it exactly once (further calls do nothing). */
  public final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();
    private final boolean write;

    private Permit(boolean write) {
      this.write = write;
    }

    /** Whether this permit was granted for a mutating request. */
    public boolean write() {
      return write;
    }

    /** Frees the concurrency slot and admits the next waiter; idempotent. */
    public void release() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      synchronized (lock) {
        inFlight--;
        admit();
      }
      completeGrants();
    }
  }

  // Admits waiters from the head of the queue while every limit allows; otherwise arranges a
  // wake-up for when the head could go (next token, end of pause). A full concurrency cap needs
  // no wake-up: the release that frees a slot admits.
  private void admit() {
    Instant nowInstant = timer.now();
    long now = nanosSinceOrigin(nowInstant);
    while (!waiters.isEmpty()) {
      Waiter head = waiters.peekFirst();
      if (head.isDone()) {
        waiters.pollFirst(); // cancelled by the caller
        continue;
      }
      if (pausedUntil != null && pausedUntil.isAfter(nowInstant)) {
        wakeAt(nanosSinceOrigin(pausedUntil), now);
        return;
      }
      if (inFlight >= settings.maxConcurrent()) {
        return;
      }
      long ready = requests.readyAt(now);
      if (head.write) {
        ready = Math.max(ready, writes.readyAt(now));
      }
      if (ready > now) {
        wakeAt(ready, now);
        return;
      }
      requests.take(now);
      if (head.write) {
        writes.take(now);
      }
      inFlight++;
      waiters.pollFirst();
      grants.add(new Grant(head, new Permit(head.write)));
    }
  }

  private void wakeAt(long at, long now) {
    if (wake != null && wakeAt <= at) {
      return; // an earlier wake-up is due anyway and will look again
    }
    if (wake != null) {
      wake.cancel();
    }
    Object token = new Object();
    wakeToken = token;
    wakeAt = at;
    wake = timer.schedule(Duration.ofNanos(at - now), () -> onWake(token));
  }

  private void onWake(Object token) {
    synchronized (lock) {
      if (wakeToken == token) {
        wake = null;
        wakeToken = null;
      }
      admit();
    }
    completeGrants();
  }

  private void completeGrants() {
    while (!grants.isEmpty()) {
      if (!completing.compareAndSet(false, true)) {
        return; // the thread that holds it will complete ours too
      }
      try {
        Grant grant;
        while ((grant = grants.poll()) != null) {
          if (!grant.waiter.complete(grant.permit)) {
            grant.permit.release(); // cancelled meanwhile: give the slot back
          }
        }
      } finally {
        completing.set(false);
      }
    }
  }

  private void forget(Waiter waiter) {
    synchronized (lock) {
      waiters.remove(waiter);
      admit(); // the cancelled waiter may have held up the queue
    }
    completeGrants();
  }

  private long nanosSinceOrigin(Instant at) {
    Duration since = Duration.between(origin, at);
    if (since.getSeconds() > FOREVER_NANOS / 1_000_000_000L) {
      return FOREVER_NANOS;
    }
    if (since.getSeconds() < -FOREVER_NANOS / 1_000_000_000L) {
      return -FOREVER_NANOS;
    }
    return since.toNanos();
  }

  private final class Waiter extends CompletableFuture<Permit> {
    final boolean write;

    Waiter(boolean write) {
      this.write = write;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        forget(this);
      }
      return cancelled;
    }
  }

  private record Grant(Waiter waiter, Permit permit) {}

  /**
   * A token bucket as the generic cell rate algorithm: a token is free at {@code now} when the
   * theoretical arrival time minus the burst allowance is not after {@code now}.
   */
  private static final class Bucket {
    static final Bucket UNLIMITED = new Bucket(0, 0);
    final long interval;
    final long tolerance;
    long tat = Long.MIN_VALUE / 4;

    private Bucket(long interval, long tolerance) {
      this.interval = interval;
      this.tolerance = tolerance;
    }

    static Bucket of(double perSecond, int burst) {
      if (perSecond == 0) {
        return UNLIMITED;
      }
      long interval = Math.max(1, Math.round(1_000_000_000d / perSecond));
      return new Bucket(interval, (burst - 1) * interval);
    }

    long readyAt(long now) {
      if (interval == 0) {
        return now;
      }
      if (tat - now > tolerance + interval) {
        tat = now + interval; // the clock went backwards: do not hold requests for the jump
      }
      return Math.max(now, tat - tolerance);
    }

    void take(long now) {
      if (interval != 0) {
        tat = Math.max(tat, now) + interval;
      }
    }
  }
}
