package io.scimsync.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes waiting workers when the {@link JooqChangeFeed} gets new marks: a dedicated connection
 * that {@code LISTEN}s on {@value JooqChangeFeed#CHANNEL} and calls back with the provider's name
 * of each notification, on its own thread. PostgreSQL sends a notification only when the marking
 * transaction commits and folds repeats within one transaction, so a callback means "there is
 * committed work for this provider", never "exactly one change".
 *
 * <p>Notifications are a latency optimisation, not the source of truth: those sent while the
 * connection is being re-established after a failure are lost, so workers still poll the feed now
 * and then. The callback runs on the listener's thread and must not block for long (tell an
 * actor, complete a future).
 *
 * <p>{@link #start} and {@link #close} block on JDBC: call them on a dedicated executor.
 */
public final class ChangeNotifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifications.class);
  private static final int POLL_MILLIS = 250;
  private static final long RECONNECT_MILLIS = 1_000;

  private final DataSource dataSource;
  private final Consumer<String> onChange;
  private final Thread thread;
  private volatile boolean running = true;
  // written by start() before the thread runs, then only by the listener thread, which alone closes it
  private volatile Connection connection;

  private ChangeNotifications(DataSource dataSource, Consumer<String> onChange) {
    this.dataSource = dataSource;
    this.onChange = onChange;
    this.thread = new Thread(this::run, "scimsync-change-notifications");
    this.thread.setDaemon(true);
  }

  /**
   * Starts listening: when this returns, the {@code LISTEN} is in place, so every mark committed
   * from then on is called back. Holds one connection of {@code dataSource} until closed.
   *
   * @param onChange called with the provider's name, on the listener's thread
   * @throws IllegalStateException if the connection cannot be opened or LISTEN fails
   */
  public static ChangeNotifications start(DataSource dataSource, Consumer<String> onChange) {
    ChangeNotifications listener = new ChangeNotifications(
        Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(onChange, "onChange"));
    try {
      listener.connection = listener.listen();
    } catch (SQLException e) {
      throw new IllegalStateException("could not LISTEN " + JooqChangeFeed.CHANNEL + ": "
          + e.getMessage(), e);
    }
    listener.thread.start();
    return listener;
  }

  private Connection listen() throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + JooqChangeFeed.CHANNEL);
      }
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  private void run() {
    try {
      listenUntilClosed();
    } finally {
      // the thread owns the connection: closing it here, never from close(), means a connection
      // opened during a reconnect that races close() is still given back
      closeQuietly(connection);
    }
  }

  private void listenUntilClosed() {
    while (running) {
      try {
        PGNotification[] notifications =
            connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
        if (notifications != null) {
          for (PGNotification n : notifications) {
            deliver(n.getParameter());
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        LOG.warn("change notifications: connection lost ({}); reconnecting", e.getMessage());
        reconnect();
      }
    }
  }

  private void deliver(String provider) {
    try {
      onChange.accept(provider);
    } catch (RuntimeException e) {
      // a failing callback must not stop the listener; workers poll anyway
      LOG.error("change notifications: callback failed for provider '{}'", provider, e);
    }
  }

  private void reconnect() {
    closeQuietly(connection);
    while (running) {
      try {
        connection = listen();
        return; // if close() came meanwhile, the loop ends and run() closes this connection
      } catch (SQLException e) {
        LOG.warn("change notifications: LISTEN failed ({}); retrying", e.getMessage());
        try {
          Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Stops the listener thread, which gives its connection back as it ends (within one poll
   * interval, or when a reconnect in progress returns).
   */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(POLL_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops listening before the connection goes back to its pool, where LISTEN would outlive us. */
  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try (c; Statement s = c.createStatement()) {
      s.execute("UNLISTEN *");
    } catch (SQLException e) {
      LOG.debug("change notifications: closing the connection failed", e);
    }
  }
}
