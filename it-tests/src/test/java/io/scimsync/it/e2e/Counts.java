package io.scimsync.it.e2e;

import io.scimsync.testkit.FakeScimServer;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a fake server's request counters ({@code "PATCH /Groups/{id}" -> n}), so that a
 * step of a test can assert exactly the requests it caused.
 */
final class Counts {
  private final FakeScimServer server;
  private final Map<String, Long> at;

  private Counts(FakeScimServer server) {
    this.server = server;
    this.at = server.recorder().counters();
  }

  static Counts of(FakeScimServer server) {
    return new Counts(server);
  }

  /** Requests per endpoint since the snapshot; endpoints without new requests are left out. */
  Map<String, Long> since() {
    Map<String, Long> delta = new TreeMap<>();
    server.recorder().counters().forEach((key, now) -> {
      long before = at.getOrDefault(key, 0L);
      if (now > before) {
        delta.put(key, now - before);
      }
    });
    return delta;
  }
}
