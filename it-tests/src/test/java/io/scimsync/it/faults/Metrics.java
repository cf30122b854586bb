package io.scimsync.it.faults;

import io.scimsync.it.support.Admin;

/** Reads the daemon's Prometheus text ({@code GET /metrics}). */
final class Metrics {
  private Metrics() {
  }

  /** The sum of every series of {@code name} labelled {@code provider="<provider>"}. */
  static double sum(Admin admin, String name, String provider) {
    Admin.Reply reply = admin.call("GET", "/metrics", null);
    if (reply.status() != 200) {
      throw new AssertionError("GET /metrics answered " + reply.status() + ": " + reply.body());
    }
    double total = 0;
    String label = "provider=\"" + provider + "\"";
    for (String line : reply.body().split("\n")) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Object syncs of {@code provider} that failed so far (transiently or not). */
  static double objectFailures(Admin admin, String provider) {
    return sum(admin, "scimsync_object_failures_total", provider);
  }
}
