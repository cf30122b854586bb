package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.adapters.scim.ProviderThrottle.Permit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderThrottleTest {
  private final ManualTimer timer = new ManualTimer();

  private ProviderThrottle throttle(ThrottleSettings settings) {
    return new ProviderThrottle(settings, timer);
  }

  private static Permit granted(CompletionStage<Permit> stage) {
    CompletableFuture<Permit> future = stage.toCompletableFuture();
    assertThat(future).as("permit granted").isCompleted();
    return future.join();
  }

  private static void assertWaiting(CompletionStage<Permit> stage) {
    assertThat(stage.toCompletableFuture()).as("permit still waiting").isNotDone();
  }

  @Test
  void grantsTheBurstAtOnce_andTheNextTokenAfterOneInterval() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withRequests(10, 2));
    var first = throttle.acquire(false);
    var second = throttle.acquire(false);
    var third = throttle.acquire(false);
    granted(first);
    granted(second);
    assertWaiting(third);
    assertThat(throttle.waiting()).isEqualTo(1);

    timer.advance(Duration.ofMillis(99));
    assertWaiting(third);
    timer.advance(Duration.ofMillis(1));
    granted(third);

    var fourth = throttle.acquire(false);
    assertWaiting(fourth);
    timer.advance(Duration.ofMillis(100));
    granted(fourth);
  }

  @Test
  void close_failsEveryWaitingAndLaterAcquisition_butGrantedPermitsStayValid() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withRequests(10, 1));
    Permit first = granted(throttle.acquire(true));
    var waiting = throttle.acquire(false);
    assertWaiting(waiting);

    throttle.close();

    assertThat(waiting.toCompletableFuture()).isCompletedExceptionally();
    assertThat(throttle.acquire(false).toCompletableFuture()).isCompletedExceptionally();
    assertThat(throttle.waiting()).isZero();
    assertThat(throttle.inFlight()).isEqualTo(1);
    first.release();
    assertThat(throttle.inFlight()).isZero();
    timer.advance(Duration.ofSeconds(1)); // no wake-up left behind grants anything
    assertThat(throttle.inFlight()).isZero();
  }

  @Test
  void sustainsTheConfiguredRate_overManyRequests() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withRequests(10, 2));
    List<CompletionStage<Permit>> stages = new ArrayList<>();
    for (int i = 0; i < 52; i++) {
      stages.add(throttle.acquire(false).whenComplete((p, e) -> p.release()));
    }
    timer.advance(Duration.ofSeconds(5)); // 2 at once, then one per 100 ms
    long done = stages.stream().filter(s -> s.toCompletableFuture().isDone()).count();
    assertThat(done).isEqualTo(52);
    assertThat(throttle.acquire(false).toCompletableFuture()).isNotDone();
  }

  @Test
  void refillsTheBurst_afterAnIdleSpell() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withRequests(10, 3));
    for (int i = 0; i < 3; i++) {
      granted(throttle.acquire(false));
    }
    assertWaiting(throttle.acquire(false));
    timer.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 3; i++) {
      granted(throttle.acquire(false));
    }
    assertWaiting(throttle.acquire(false));
  }

  @Test
  void schedulesOneWakeUp_notOnePerWaiter() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withRequests(1, 1));
    granted(throttle.acquire(false));
    for (int i = 0; i < 50; i++) {
      throttle.acquire(false);
    }
    assertThat(timer.pending()).isEqualTo(1);
    assertThat(throttle.waiting()).isEqualTo(50);
  }

  @Test
  void limitsWritesSeparately_fromReads() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withWrites(1, 1));
    Permit firstWrite = granted(throttle.acquire(true));
    assertThat(firstWrite.write()).isTrue();
    for (int i = 0; i < 5; i++) {
      granted(throttle.acquire(false)); // reads are not rate-limited here
    }
    var secondWrite = throttle.acquire(true);
    assertWaiting(secondWrite);
    timer.advance(Duration.ofMillis(999));
    assertWaiting(secondWrite);
    timer.advance(Duration.ofMillis(1));
    granted(secondWrite);
  }

  @Test
  void countsWritesAgainstTheOverallRateToo() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withRequests(10, 2));
    granted(throttle.acquire(true));
    granted(throttle.acquire(true));
    var read = throttle.acquire(false);
    assertWaiting(read);
    timer.advance(Duration.ofMillis(100));
    granted(read);
  }

  @Test
  void servesWaitersFirstComeFirstServed_evenAReadBehindAWaitingWrite() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withWrites(1, 1));
    granted(throttle.acquire(true));
    var write = throttle.acquire(true);
    var read = throttle.acquire(false);
    // strict FIFO: the read does not overtake the write it queued behind
    assertWaiting(write);
    assertWaiting(read);
    timer.advance(Duration.ofSeconds(1));
    granted(write);
    granted(read);
  }

  @Test
  void grantsInArrivalOrder_asSlotsFreeUp() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withMaxConcurrent(1));
    Permit holder = granted(throttle.acquire(false));
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Permit>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int id = i;
      CompletableFuture<Permit> f = throttle.acquire(i % 2 == 0).toCompletableFuture();
      f.thenRun(() -> order.add(id));
      queued.add(f);
    }
    holder.release();
    for (CompletableFuture<Permit> f : queued) {
      assertThat(throttle.inFlight()).isEqualTo(1);
      f.join().release();
    }
    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(throttle.inFlight()).isZero();
    assertThat(throttle.waiting()).isZero();
  }

  @Test
  void holdsTheConcurrencyCap_under200ParallelAcquires() throws Exception {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withMaxConcurrent(8));
    AtomicInteger outstanding = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    AtomicInteger overCap = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(200);
    ExecutorService callers = Executors.newFixedThreadPool(16);
    ExecutorService servers = Executors.newFixedThreadPool(16);
    try {
      for (int i = 0; i < 200; i++) {
        boolean write = i % 3 == 0;
        callers.execute(() -> throttle.acquire(write).thenAccept(permit -> {
          int now = outstanding.incrementAndGet();
          highest.accumulateAndGet(now, Math::max);
          if (throttle.inFlight() > 8) {
            overCap.incrementAndGet();
          }
          servers.execute(() -> { // the "request", finishing on another thread
            // finishing on another thread, in whatever order the scheduler picks, varies the interleaving
            Thread.yield();
            outstanding.decrementAndGet();
            permit.release();
            done.countDown();
          });
        }));
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).as("all 200 served").isTrue();
    } finally {
      callers.shutdownNow();
      servers.shutdownNow();
    }
    assertThat(highest.get()).isBetween(1, 8);
    assertThat(overCap).hasValue(0);
    assertThat(throttle.inFlight()).isZero();
    assertThat(throttle.waiting()).isZero();
  }

  @Test
  void pauseBlocksEveryone_untilItEnds() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults());
    Instant until = timer.now().plusSeconds(5);
    throttle.pauseUntil(until);
    assertThat(throttle.pausedUntil()).contains(until);
    var read = throttle.acquire(false);
    var write = throttle.acquire(true);
    timer.advance(Duration.ofMillis(4_999));
    assertWaiting(read);
    assertWaiting(write);
    timer.advance(Duration.ofMillis(1));
    granted(read);
    granted(write);
    assertThat(throttle.pausedUntil()).isEmpty();
  }

  @Test
  void pauseIsNeverShortened_butExtended() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults());
    Instant start = timer.now();
    throttle.pauseUntil(start.plusSeconds(5));
    var waiting = throttle.acquire(false);
    throttle.pauseUntil(start.plusSeconds(1)); // an earlier 429 with a shorter Retry-After
    assertThat(throttle.pausedUntil()).contains(start.plusSeconds(5));
    timer.advance(Duration.ofSeconds(2));
    assertWaiting(waiting);

    throttle.pauseUntil(start.plusSeconds(8));
    timer.advance(Duration.ofSeconds(3)); // t = 5 s: the first pause would have ended here
    assertWaiting(waiting);
    timer.advance(Duration.ofSeconds(3));
    granted(waiting);
  }

  @Test
  void pauseHoldsWaitersQueuedBeforeIt_butNotRequestsInFlight() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withMaxConcurrent(1));
    Permit inFlight = granted(throttle.acquire(false));
    var queued = throttle.acquire(false);
    throttle.pauseUntil(timer.now().plusSeconds(2));
    assertThat(throttle.inFlight()).isEqualTo(1);
    inFlight.release();
    assertWaiting(queued);
    timer.advance(Duration.ofSeconds(2));
    granted(queued);
  }

  @Test
  void ignoresAPauseInThePast() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults());
    throttle.pauseUntil(timer.now().minusSeconds(1));
    assertThat(throttle.pausedUntil()).isEmpty();
    granted(throttle.acquire(false));
  }

  @Test
  void releaseIsIdempotent() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withMaxConcurrent(1));
    Permit first = granted(throttle.acquire(false));
    var second = throttle.acquire(false);
    var third = throttle.acquire(false);
    first.release();
    first.release();
    granted(second);
    assertWaiting(third);
    assertThat(throttle.inFlight()).isEqualTo(1);
    assertThat(throttle.waiting()).isEqualTo(1);
  }

  @Test
  void givesUpTheQueuePlace_whenTheCallerCancels() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults().withMaxConcurrent(1));
    Permit holder = granted(throttle.acquire(false));
    var abandoned = throttle.acquire(false);
    var next = throttle.acquire(false);
    abandoned.toCompletableFuture().cancel(false);
    assertThat(throttle.waiting()).isEqualTo(1);
    holder.release();
    granted(next);
    assertThat(throttle.inFlight()).isEqualTo(1);
  }

  @Test
  void grantsAtOnce_whenNothingLimits() {
    ProviderThrottle throttle = throttle(ThrottleSettings.defaults());
    for (int i = 0; i < 8; i++) {
      granted(throttle.acquire(i % 2 == 0));
    }
    assertWaiting(throttle.acquire(false)); // default cap: 8 in flight
    assertThat(timer.pending()).isZero();
  }

  @Test
  void derivesWriteRateFromTheVendorProfile() {
    ThrottleSettings slack = ThrottleSettings.forProfile(10);
    assertThat(slack.writesPerSecond()).isEqualTo(10);
    assertThat(slack.writeBurst()).isEqualTo(2);
    assertThat(slack.requestsPerSecond()).isZero();
    assertThat(slack.maxConcurrent()).isEqualTo(ThrottleSettings.DEFAULT_MAX_CONCURRENT);
    assertThat(ThrottleSettings.forProfile(0).writesPerSecond()).isZero();
  }

  @Test
  void spacesProfileWritesAtTheVendorRate_afterABurstOfTwo() {
    ProviderThrottle throttle = throttle(ThrottleSettings.forProfile(10));
    List<CompletableFuture<Permit>> writes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      writes.add(throttle.acquire(true).toCompletableFuture().whenComplete((p, e) -> p.release()));
    }
    assertThat(writes.stream().filter(CompletableFuture::isDone).count()).isEqualTo(2);
    timer.advance(Duration.ofMillis(500));
    assertThat(writes.stream().filter(CompletableFuture::isDone).count()).isEqualTo(7);
    timer.advance(Duration.ofMillis(500));
    assertThat(writes.stream().filter(CompletableFuture::isDone).count()).isEqualTo(12);
  }

  @Test
  void rejectsInvalidSettings_withClearMessages() {
    assertThatThrownBy(() -> new ThrottleSettings(-1, 1, 0, 1, 1))
        .hasMessageContaining("requestsPerSecond");
    assertThatThrownBy(() -> new ThrottleSettings(Double.NaN, 1, 0, 1, 1))
        .hasMessageContaining("requestsPerSecond");
    assertThatThrownBy(() -> new ThrottleSettings(0, 1, -3, 1, 1))
        .hasMessageContaining("writesPerSecond");
    assertThatThrownBy(() -> new ThrottleSettings(1, 0, 0, 1, 1)).hasMessageContaining("burst");
    assertThatThrownBy(() -> new ThrottleSettings(0, 1, 1, 0, 1)).hasMessageContaining("writeBurst");
    assertThatThrownBy(() -> new ThrottleSettings(0, 1, 0, 1, 0)).hasMessageContaining("maxConcurrent");
  }
}
