package io.scimsync.adapters.persistence;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for the daemon in a JVM of its own, so a test can {@code kill -9} it: starts an
 * {@link EmbeddedPostgresServer} on the data directory given as the only argument, prints
 * {@code READY <port>} and blocks until killed.
 */
final class EmbeddedPostgresChild {
  private EmbeddedPostgresChild() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
    System.out.println("READY " + server.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
