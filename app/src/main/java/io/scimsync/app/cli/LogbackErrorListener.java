package io.scimsync.app.cli;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints logback's own errors to stderr, and nothing else. Registered in logback.xml because a
 * configuration without a status listener gets its whole status list printed on any warning, and
 * choosing one of two appenders by name always leaves one unreferenced, which logback warns about.
 */
public final class LogbackErrorListener extends ContextAwareBase implements StatusListener,
    LifeCycle {
  private volatile boolean started;

  @Override
  public void addStatusEvent(Status status) {
    if (started && status.getEffectiveLevel() >= Status.ERROR) {
      print(status);
    }
  }

  @Override
  public void start() {
    started = true;
    // errors from before this listener was registered
    if (getContext() != null) {
      getContext().getStatusManager().getCopyOfStatusList().stream()
          .filter(s -> s.getEffectiveLevel() >= Status.ERROR)
          .forEach(LogbackErrorListener::print);
    }
  }

  @Override
  public void stop() {
    started = false;
  }

  @Override
  public boolean isStarted() {
    return started;
  }

  private static void print(Status status) {
    System.err.println("logback: " + status.getMessage()
        + (status.getThrowable() == null ? "" : ": " + status.getThrowable()));
  }
}
