package io.scimsync.adapters.scim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for tests: nothing runs until {@link #advance(Duration)}, which moves the clock
 * forward and runs every task that falls due, in due-time order (ties in scheduling order), on the
 * calling thread, with {@link #now()} reading each task's due time while it runs. Tasks scheduled
 * by a running task run in the same advance if they fall due within it. Thread-safe.
 */
final class ManualTimer implements Timer {
  private final Object lock = new Object();
  // one advance at a time, so tasks never run concurrently; reentrant for a task that advances
  private final ReentrantLock advancing = new ReentrantLock();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  ManualTimer() {
    this(Instant.parse("2025-01-01T00:00:00Z"));
  }

  ManualTimer(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant now() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (lock) {
      Instant due = delay.isNegative() ? now : now.plus(delay);
      Entry entry = new Entry(due, sequence++, task);
      queue.add(entry);
      return entry;
    }
  }

  /** Moves time forward by {@code by} (zero runs what is due now) and runs what falls due. */
  void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not go backwards: " + by);
    }
    advancing.lock();
    try {
      Instant target;
      synchronized (lock) {
        target = now.plus(by);
      }
      while (true) {
        Entry next;
        synchronized (lock) {
          next = queue.peek();
          if (next == null || next.due.isAfter(target)) {
            now = target;
            return;
          }
          queue.poll();
          if (next.due.isAfter(now)) {
            now = next.due;
          }
        }
        next.runIfNotCancelled();
      }
    } finally {
      advancing.unlock();
    }
  }

  /** Runs what is due now, without moving time. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Tasks scheduled and neither run nor cancelled. */
  int pending() {
    synchronized (lock) {
      return (int) queue.stream().filter(e -> !e.cancelled).count();
    }
  }

  private final class Entry implements Comparable<Entry>, Cancellable {
    final Instant due;
    final long seq;
    final Runnable task;
    boolean cancelled; // guarded by lock
    boolean ran; // guarded by lock

    Entry(Instant due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    void runIfNotCancelled() {
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        ran = true;
      }
      task.run();
    }

    @Override
    public boolean cancel() {
      synchronized (lock) {
        if (cancelled || ran) {
          return false;
        }
        cancelled = true;
        queue.remove(this);
        return true;
      }
    }

    @Override
    public int compareTo(Entry o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
