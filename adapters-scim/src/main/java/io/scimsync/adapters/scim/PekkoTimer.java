package io.scimsync.adapters.scim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * {@link Timer} over a Pekko {@link Scheduler}: tasks run on the given execution context (which
 * must be asynchronous, such as a dispatcher), time comes from a {@link Clock}.
 */
public final class PekkoTimer implements Timer {
  // Pekko's scheduler refuses delays beyond tick-duration * Int.MaxValue (about 248 days at the
  // default 10 ms tick); a Retry-After date can be further away, so long delays are taken in hops.
  private static final Duration MAX_HOP = Duration.ofDays(7);

  private final Scheduler scheduler;
  private final ExecutionContext executor;
  private final Clock clock;

  /** Runs tasks on {@code executor}, with time from {@link Clock#systemUTC()}. */
  public PekkoTimer(Scheduler scheduler, ExecutionContext executor) {
    this(scheduler, executor, Clock.systemUTC());
  }

  /** Runs tasks on {@code executor}, with time from {@code clock}. */
  public PekkoTimer(Scheduler scheduler, ExecutionContext executor, Clock clock) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The scheduler and default dispatcher of an actor system (classic or typed). */
  public static PekkoTimer of(ClassicActorSystemProvider system) {
    var classic = system.classicSystem();
    return new PekkoTimer(classic.scheduler(), classic.dispatcher());
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(task, "task");
    Task scheduled = new Task(task);
    scheduled.arm(delay);
    return scheduled;
  }

  /** One scheduled task; runs at most once, whichever of run and cancel comes first wins. */
  private final class Task implements Cancellable {
    private final Runnable task;
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicReference<org.apache.pekko.actor.Cancellable> pending =
        new AtomicReference<>();

    Task(Runnable task) {
      this.task = task;
    }

    void arm(Duration delay) {
      if (delay.isZero() || delay.isNegative()) {
        executor.execute(this::runOnce);
      } else if (delay.compareTo(MAX_HOP) > 0) {
        Duration rest = delay.minus(MAX_HOP);
        pending.set(scheduler.scheduleOnce(MAX_HOP, () -> {
          if (!done.get()) {
            arm(rest);
          }
        }, executor));
      } else {
        pending.set(scheduler.scheduleOnce(delay, this::runOnce, executor));
      }
    }

    private void runOnce() {
      if (done.compareAndSet(false, true)) {
        task.run();
      }
    }

    @Override
    public boolean cancel() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      org.apache.pekko.actor.Cancellable inner = pending.get();
      if (inner != null) {
        inner.cancel();
      }
      return true;
    }
  }
}
