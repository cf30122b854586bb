package io.scimsync.app.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One timer for the earliest moment a released object becomes claimable again (a retry's
 * backoff, a settle, a defer): the actor claims then, instead of at its next poll.
 */
final class WakeUps {
  /** Released objects' time has come: claim. */
  enum WakeAt implements ObjectWorks.Event { INSTANCE }

  private final TimerScheduler<ProviderActor.Command> timers;
  private final Clock clock;
  private final TreeSet<Instant> pending = new TreeSet<>();

  WakeUps(TimerScheduler<ProviderActor.Command> timers, Clock clock) {
    this.timers = timers;
    this.clock = clock;
  }

  /** A wake-up at {@code at}. */
  void at(Instant at) {
    Instant first = pending.isEmpty() ? null : pending.first();
    pending.add(at);
    if (first == null || at.isBefore(first)) {
      scheduleFirst();
    }
  }

  /** The timer fired: the wake-ups due are dropped, and the next one is scheduled. */
  void fired() {
    pending.headSet(clock.instant(), true).clear();
    if (!pending.isEmpty()) {
      scheduleFirst();
    }
  }

  private void scheduleFirst() {
    Duration delay = Duration.between(clock.instant(), pending.first());
    timers.startSingleTimer(WakeAt.INSTANCE, WakeAt.INSTANCE,
        delay.isNegative() ? Duration.ZERO : delay.plusMillis(1));
  }
}
