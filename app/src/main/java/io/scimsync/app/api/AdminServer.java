package io.scimsync.app.api;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's listening socket. Started by the daemon once its backend is ready; stopped at
 * shutdown before the actors, so that no request reaches a backend that is going away.
 */
public final class AdminServer {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
  /** Requests still running when this passes are cut off; admin calls are short. */
  private static final Duration HARD_DEADLINE = Duration.ofSeconds(5);

  private final ServerBinding binding;
  private final String host;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private AdminServer(ServerBinding binding, String host) {
    this.binding = binding;
    this.host = host;
  }

  /**
   * Binds and serves the route, returning once the socket listens.
   *
   * @param port 0 for any free port; {@link #port()} tells which
   * @throws IllegalStateException if the socket cannot be bound within 30 s (port taken, no such
   *                               interface)
   */
  public static AdminServer start(ActorSystem<?> system, String host, int port, Route route) {
    try {
      ServerBinding binding = Http.get(system).newServerAt(host, port).bind(route)
          .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      AdminServer server = new AdminServer(binding, host);
      LOG.info("admin API listening on {}", server.url());
      return server;
    } catch (ExecutionException e) {
      Throwable cause = ApiErrors.unwrap(e);
      throw new IllegalStateException(cannotListen(host, port) + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(cannotListen(host, port) + "not bound within "
          + BIND_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(cannotListen(host, port) + "interrupted", e);
    }
  }

  private static String cannotListen(String host, int port) {
    return "could not listen on " + host + ":" + port + ": ";
  }

  /** The bound port (the chosen one, if started with 0). */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public URI url() {
    // an IPv6 literal needs brackets in a URL
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port());
  }

  /**
   * Stops accepting connections and ends the open ones, waiting at most a few seconds for
   * running requests. Safe to call more than once.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      // terminate unbinds first, then lets running requests finish until the deadline
      binding.terminate(HARD_DEADLINE).toCompletableFuture()
          .get(HARD_DEADLINE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      LOG.info("admin API on {} stopped", url());
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("admin API on {} did not stop cleanly", url(), ApiErrors.unwrap(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
