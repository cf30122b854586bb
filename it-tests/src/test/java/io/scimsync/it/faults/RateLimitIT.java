package io.scimsync.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.record.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A storm of 429 with Retry-After: the whole provider waits out every Retry-After (only requests
 * already on the wire may still arrive), another provider goes on meanwhile, and both end up
 * mirroring the directory.
 */
class RateLimitIT {
  private static final String TOKEN = "rate-limit-token";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  private static final int MAX_CONCURRENCY = 4;
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @Test
  void waitsOutEveryRetryAfter_whileAnotherProviderConverges() {
    try (FakeScimServer limited = FakeScimServer.builder().profile(ServerProfile.RFC)
        .token(TOKEN).start();
         FakeScimServer healthy = FakeScimServer.builder().profile(ServerProfile.RFC)
             .token(TOKEN).start();
         RunningDaemon daemon = new RunningDaemon()) {
      Admin admin = daemon.admin();
      Directory directory = new Directory(admin);
      directory.putUser("warm-up");
      Map<String, Object> settings = Map.of("maxConcurrency", MAX_CONCURRENCY);
      admin.putProvider("limited", limited.baseUrl(), TOKEN, settings);
      admin.putProvider("healthy", healthy.baseUrl(), TOKEN, settings);
      admin.awaitConverged("limited", CONVERGE);
      admin.awaitConverged("healthy", CONVERGE);

      // the next 10 requests of any kind are refused: the ones on the wire together, then the
      // first ones after each pause, so the provider pauses again and again
      limited.inject(Faults.onAny("/**").status(429).retryAfter(RETRY_AFTER).firstTimes(10));
      directory.putTeams(80, 10);
      admin.awaitConverged("healthy", CONVERGE);
      Remote.assertMirrors(healthy, directory, "the healthy provider");
      Instant healthyDone = Instant.now();
      admin.awaitConverged("limited", CONVERGE);
      Remote.assertMirrors(limited, directory, "the rate-limited provider after the storm");

      List<RecordedRequest> requests = limited.requests();
      List<RecordedRequest> refused = requests.stream().filter(r -> r.status() == 429).toList();
      assertThat(refused).as("every injected 429 was answered").hasSize(10);
      List<String> tooEarly = new ArrayList<>();
      for (RecordedRequest r : refused) {
        // the daemon read the 429 after it arrived, so its pause ends later than this
        Instant pauseEnd = r.receivedAt().plus(RETRY_AFTER);
        List<RecordedRequest> during = requests.stream()
            .filter(o -> o.sequence() > r.sequence() && o.receivedAt().isAfter(r.receivedAt())
                && o.receivedAt().isBefore(pauseEnd.minusMillis(50)))
            .toList();
        // only requests already on the wire may still come: at most maxConcurrency in flight,
        // and as many whose slots were handed on by replies read before the 429's
        if (during.size() > 2 * MAX_CONCURRENCY) {
          tooEarly.add("after the 429 #" + r.sequence() + " at " + r.receivedAt() + ": "
              + during.size() + " requests before " + pauseEnd + ", e.g. "
              + during.stream().limit(3).map(o -> o.method() + " " + o.path() + " at "
                  + o.receivedAt()).toList());
        }
      }
      assertThat(tooEarly).as("requests sent during a Retry-After pause").isEmpty();
      Instant lastPauseEnd = refused.get(refused.size() - 1).receivedAt().plus(RETRY_AFTER);
      assertThat(healthyDone).as("the healthy provider did not wait for the other's pauses")
          .isBefore(lastPauseEnd);
      assertThat(healthy.requests()).as("the healthy provider got no 429")
          .noneMatch(r -> r.status() == 429);
    }
  }
}
