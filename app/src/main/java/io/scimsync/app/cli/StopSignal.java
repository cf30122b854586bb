package io.scimsync.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Blocks a foreground command until SIGTERM or Ctrl-C (or {@link #stop()} in tests), then lets it
 * clean up on its own thread while the shutdown hook waits, so the JVM does not halt half-way.
 */
final class StopSignal {
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Duration cleanupTimeout;
  private final Thread hook;
  private final Thread worker;

  /** @param cleanupTimeout how long the JVM's shutdown waits for the command's cleanup */
  StopSignal(String name, Duration cleanupTimeout) {
    this(name, cleanupTimeout, null);
  }

  /**
   * @param worker a thread to interrupt on stop, so that work in progress ends early; null for
   *               none
   */
  StopSignal(String name, Duration cleanupTimeout, Thread worker) {
    this.cleanupTimeout = cleanupTimeout;
    this.worker = worker;
    this.hook = new Thread(this::onShutdown, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Asks the waiting command to stop, as SIGTERM does (without interrupting anything). */
  void stop() {
    requested.countDown();
  }

  /** Blocks until a stop is requested. */
  void await() throws InterruptedException {
    requested.await();
  }

  /** Call when cleanup is done (in a finally block): releases a waiting shutdown. */
  void cleanedUp() {
    cleanedUp.countDown();
    RunCommand.removeHook(hook);
  }

  private void onShutdown() {
    requested.countDown();
    if (worker != null) {
      worker.interrupt();
    }
    try {
      cleanedUp.await(cleanupTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
