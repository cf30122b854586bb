package io.scimsync.adapters.scim;

/**
 * Admission limits of one provider, enforced by {@link ProviderThrottle}.
 *
 * @param requestsPerSecond sustained rate of all requests; 0 = unlimited
 * @param burst             requests that may start at once after an idle spell (bucket size);
 *                          with 1, time lost to late wake-ups is never made up, so the achieved
 *                          rate falls short of the configured one: prefer 2 or more
 * @param writesPerSecond   sustained rate of mutating requests (POST, PUT, PATCH, DELETE), which
 *                          also count against {@code requestsPerSecond}; 0 = unlimited
 * @param writeBurst        writes that may start at once after an idle spell
 * @param maxConcurrent     requests in flight at most
 */
public record ThrottleSettings(double requestsPerSecond, int burst, double writesPerSecond,
                               int writeBurst, int maxConcurrent) {
  public static final int DEFAULT_MAX_CONCURRENT = 8;
  // the token interval is kept in whole nanoseconds; beyond this a limit means nothing anyway
  private static final double HIGHEST_RATE = 1_000_000;

  public ThrottleSettings {
    checkRate("requestsPerSecond", requestsPerSecond);
    checkRate("writesPerSecond", writesPerSecond);
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, got " + burst);
    }
    if (writeBurst < 1) {
      throw new IllegalArgumentException("writeBurst must be at least 1, got " + writeBurst);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
    }
  }

  /** No rate limit, {@value #DEFAULT_MAX_CONCURRENT} requests in flight. */
  public static ThrottleSettings defaults() {
    return new ThrottleSettings(0, 1, 0, 1, DEFAULT_MAX_CONCURRENT);
  }

  /**
   * The defaults with writes limited to a vendor profile's documented rate
   * ({@code VendorProfile.maxWritesPerSecond()}, Slack 10/s; 0 = none), with a write burst of 2:
   * the long-run rate is exact and any one-second window holds at most one write more than the
   * rate (vendors count per minute: Slack 600/min), while a burst of 1 would lose the wake-up
   * lateness of every wait (a Pekko scheduler tick, 10 ms) and fall 10-25% short of the rate.
   */
  public static ThrottleSettings forProfile(double maxWritesPerSecond) {
    return defaults().withWrites(maxWritesPerSecond, 2);
  }

  /** The same limits with another overall rate and burst. */
  public ThrottleSettings withRequests(double perSecond, int burst) {
    return new ThrottleSettings(perSecond, burst, writesPerSecond, writeBurst, maxConcurrent);
  }

  /** The same limits with another write rate and burst. */
  public ThrottleSettings withWrites(double perSecond, int burst) {
    return new ThrottleSettings(requestsPerSecond, this.burst, perSecond, burst, maxConcurrent);
  }

  /** The same limits with another concurrency cap. */
  public ThrottleSettings withMaxConcurrent(int max) {
    return new ThrottleSettings(requestsPerSecond, burst, writesPerSecond, writeBurst, max);
  }

  private static void checkRate(String name, double rate) {
    if (Double.isNaN(rate) || rate < 0 || rate > HIGHEST_RATE) {
      throw new IllegalArgumentException(
          name + " must be between 0 (unlimited) and " + (long) HIGHEST_RATE + ", got " + rate);
    }
  }
}
