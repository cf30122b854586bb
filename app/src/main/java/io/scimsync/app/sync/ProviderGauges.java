package io.scimsync.app.sync;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A provider actor's figures, shared with the metrics gauges: read from other threads. */
public final class ProviderGauges {
  final AtomicLong pending = new AtomicLong();
  final AtomicInteger inFlight = new AtomicInteger();

  public long pending() {
    return pending.get();
  }

  public int inFlight() {
    return inFlight.get();
  }
}
