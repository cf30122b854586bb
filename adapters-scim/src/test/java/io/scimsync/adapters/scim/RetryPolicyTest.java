package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimReply.NotDelivered;
import io.scimsync.domain.engine.ScimReply.NotDelivered.Cause;
import io.scimsync.domain.engine.ScimReply.Received;
import io.scimsync.domain.engine.ScimRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private static final ScimRequest GET = ScimRequest.get("/Groups/g1");
  private static final ScimRequest POST = ScimRequest.post("/Groups", Map.of("displayName", "x"));
  private static final ScimRequest PUT = ScimRequest.put("/Groups/g1", Map.of("displayName", "x"));
  private static final ScimRequest PATCH = ScimRequest.patch("/Groups/g1", Map.of("Operations", List.of()));
  private static final ScimRequest DELETE = ScimRequest.delete("/Groups/g1");

  private final RetryPolicy policy = new RetryPolicy(
      4, Duration.ofMillis(200), Duration.ofSeconds(30), new Random(42));

  @Test
  void hasDocumentedDefaults() {
    RetryPolicy defaults = RetryPolicy.defaults();
    assertThat(defaults.maxAttempts()).isEqualTo(4);
    assertThat(defaults.baseDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void keepsEveryDelayWithinZeroAndACapThatDoubles_overManySeededSamples() {
    RetryPolicy many = new RetryPolicy(20, Duration.ofMillis(100), Duration.ofSeconds(5), new Random(7));
    for (int attempt = 1; attempt < 20; attempt++) {
      Duration cap = Duration.ofMillis(Math.min(5_000, 100L << Math.min(attempt - 1, 20)));
      assertThat(many.cap(attempt)).isEqualTo(cap);
      Duration shortest = cap;
      Duration longest = Duration.ZERO;
      for (int i = 0; i < 2_000; i++) {
        Duration delay = many.nextDelay(GET, Received.of(503), attempt).orElseThrow();
        assertThat(delay).isBetween(Duration.ZERO, cap);
        shortest = delay.compareTo(shortest) < 0 ? delay : shortest;
        longest = delay.compareTo(longest) > 0 ? delay : longest;
      }
      // full jitter: the samples spread over the whole range, not just its top half
      assertThat(shortest).isLessThan(cap.dividedBy(10));
      assertThat(longest).isGreaterThan(cap.multipliedBy(9).dividedBy(10));
    }
  }

  @Test
  void capsTheBackoffAtMaxDelay_evenAfterManyAttempts() {
    RetryPolicy many = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(200), Duration.ofSeconds(30));
    assertThat(many.cap(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(many.cap(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(many.cap(8)).isEqualTo(Duration.ofMillis(25_600));
    assertThat(many.cap(9)).isEqualTo(Duration.ofSeconds(30));
    assertThat(many.cap(1_000_000)).isEqualTo(Duration.ofSeconds(30));
    assertThat(many.nextDelay(GET, Received.of(503), 1_000_000).orElseThrow())
        .isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void isReproducible_withTheSameSeed() {
    List<Duration> first = samples(new Random(99));
    List<Duration> second = samples(new Random(99));
    assertThat(first).isEqualTo(second);
  }

  private static List<Duration> samples(Random random) {
    RetryPolicy seeded = RetryPolicy.defaults().withRandom(random);
    List<Duration> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      out.add(seeded.nextDelay(GET, Received.of(502), 1 + i % 3).orElseThrow());
    }
    return out;
  }

  @Test
  void stopsAfterMaxAttempts_countingTheFirst() {
    assertThat(policy.nextDelay(GET, Received.of(503), 1)).isPresent();
    assertThat(policy.nextDelay(GET, Received.of(503), 3)).isPresent();
    assertThat(policy.nextDelay(GET, Received.of(503), 4)).isEmpty();
    assertThat(policy.nextDelay(GET, Received.of(503), 5)).isEmpty();
    assertThat(RetryPolicy.never().nextDelay(GET, Received.of(503), 1)).isEmpty();
  }

  @Test
  void doesNotRetryPost_whenItTimedOut_becauseItMayHaveBeenCreated() {
    assertThat(policy.nextDelay(POST, new NotDelivered(Cause.TIMEOUT, "no reply in 30s"), 1)).isEmpty();
    assertThat(policy.nextDelay(POST, new NotDelivered(Cause.CONNECTION_LOST, "reset"), 1)).isEmpty();
  }

  @Test
  void retriesPost_whenTheConnectionWasRefused() {
    assertThat(policy.nextDelay(POST, new NotDelivered(Cause.CONNECT_FAILED, "refused"), 1)).isPresent();
  }

  @Test
  void doesNotRetryPost_on503_butRetriesEveryOtherMethod() {
    assertThat(policy.nextDelay(POST, Received.of(503), 1)).isEmpty();
    for (ScimRequest request : List.of(GET, PUT, PATCH, DELETE)) {
      assertThat(policy.nextDelay(request, Received.of(503), 1)).as(request.describe()).isPresent();
    }
  }

  @Test
  void retriesTimeoutsAndLostConnections_forIdempotentMethods() {
    for (ScimRequest request : List.of(GET, PUT, PATCH, DELETE)) {
      assertThat(policy.nextDelay(request, new NotDelivered(Cause.TIMEOUT, "slow"), 1)).isPresent();
      assertThat(policy.nextDelay(request, new NotDelivered(Cause.CONNECTION_LOST, "reset"), 2)).isPresent();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 405, 422, 501})
  void neverRetriesPermanentReplies_W6(int status) {
    for (ScimRequest request : List.of(GET, POST, PUT, PATCH, DELETE)) {
      assertThat(policy.nextDelay(request, Received.of(status), 1)).as(request.describe()).isEmpty();
    }
  }

  @Test
  void neverRetriesAnUnreadable200_W6() {
    ScimReply html = new ScimReply.Unreadable(200, "text/html", "not JSON");
    assertThat(policy.nextDelay(GET, html, 1)).isEmpty();
  }

  @Test
  void retriesAnUnreadable503_likeAny503() {
    ScimReply html = new ScimReply.Unreadable(503, "text/html", "not JSON");
    assertThat(policy.nextDelay(GET, html, 1)).isPresent();
  }

  @Test
  void neverRetriesSuccessConflictGoneOrDryRun() {
    assertThat(policy.nextDelay(GET, Received.of(200), 1)).isEmpty();
    assertThat(policy.nextDelay(PUT, Received.of(409), 1)).isEmpty();
    assertThat(policy.nextDelay(DELETE, Received.of(404), 1)).isEmpty();
    assertThat(policy.nextDelay(PATCH, new ScimReply.WithheldByDryRun(), 1)).isEmpty();
  }

  @Test
  void doesNotRepeatA412_becauseTheSameIfMatchFailsAgain() {
    assertThat(policy.nextDelay(PUT, Received.of(412), 1)).isEmpty();
  }

  @Test
  void waitsAtLeastRetryAfter_on429_W6() {
    Received tooMany = new Received(429, Optional.empty(), Optional.empty(),
        Optional.of(Duration.ofSeconds(3)));
    for (int i = 0; i < 200; i++) {
      assertThat(policy.nextDelay(GET, tooMany, 1).orElseThrow())
          .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void keepsTheBackoff_whenItIsLongerThanRetryAfter() {
    Received busy = new Received(503, Optional.empty(), Optional.empty(),
        Optional.of(Duration.ZERO));
    RetryPolicy seeded = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(1));
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      delays.add(seeded.nextDelay(GET, busy, 3).orElseThrow());
    }
    assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(4)));
    assertThat(delays).anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(1)));
  }

  @Test
  void handsBackToTheCaller_whenRetryAfterExceedsMaxDelay() {
    Received tooMany = new Received(429, Optional.empty(), Optional.empty(),
        Optional.of(Duration.ofSeconds(31)));
    assertThat(policy.nextDelay(GET, tooMany, 1)).isEmpty();
  }

  @Test
  void rejectsInvalidSettings_withClearMessages() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("maxAttempts").hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("baseDelay must be positive");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxDelay").hasMessageContaining("baseDelay");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofDays(2)))
        .hasMessageContaining("maxDelay must be at most");
    assertThatThrownBy(() -> policy.nextDelay(GET, Received.of(503), 0))
        .hasMessageContaining("attemptsSoFar");
  }
}
