package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManualTimerTest {
  private final ManualTimer timer = new ManualTimer(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void runsNothing_untilTimeAdvances() {
    List<String> ran = new ArrayList<>();
    timer.schedule(Duration.ofMillis(100), () -> ran.add("a"));
    assertThat(ran).isEmpty();
    timer.advance(Duration.ofMillis(99));
    assertThat(ran).isEmpty();
    timer.advance(Duration.ofMillis(1));
    assertThat(ran).containsExactly("a");
  }

  @Test
  void runsDueTasksInTimeOrder_withNowAtEachDueTime() {
    Instant start = timer.now();
    List<String> ran = new ArrayList<>();
    timer.schedule(Duration.ofMillis(300), () -> ran.add("c@" + Duration.between(start, timer.now()).toMillis()));
    timer.schedule(Duration.ofMillis(100), () -> ran.add("a@" + Duration.between(start, timer.now()).toMillis()));
    timer.schedule(Duration.ofMillis(100), () -> ran.add("b@" + Duration.between(start, timer.now()).toMillis()));
    timer.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("a@100", "b@100", "c@300");
    assertThat(timer.now()).isEqualTo(start.plusSeconds(1));
  }

  @Test
  void runsTasksScheduledByTasks_whenTheyFallDueWithinTheSameAdvance() {
    List<String> ran = new ArrayList<>();
    timer.schedule(Duration.ofMillis(100), () -> {
      ran.add("first");
      timer.schedule(Duration.ofMillis(100), () -> ran.add("second"));
      timer.schedule(Duration.ofMillis(500), () -> ran.add("third"));
    });
    timer.advance(Duration.ofMillis(250));
    assertThat(ran).containsExactly("first", "second");
    timer.advance(Duration.ofMillis(350));
    assertThat(ran).containsExactly("first", "second", "third");
  }

  @Test
  void runsZeroDelayTasks_onTheNextAdvanceOnly() {
    AtomicInteger ran = new AtomicInteger();
    timer.schedule(Duration.ZERO, ran::incrementAndGet);
    timer.schedule(Duration.ofMillis(-5), ran::incrementAndGet);
    assertThat(ran).hasValue(0);
    timer.runDue();
    assertThat(ran).hasValue(2);
  }

  @Test
  void skipsCancelledTasks_andCancelReportsWhetherItPreventedTheRun() {
    AtomicInteger ran = new AtomicInteger();
    Timer.Cancellable cancelled = timer.schedule(Duration.ofMillis(10), ran::incrementAndGet);
    Timer.Cancellable kept = timer.schedule(Duration.ofMillis(10), ran::incrementAndGet);
    assertThat(cancelled.cancel()).isTrue();
    assertThat(cancelled.cancel()).isFalse();
    assertThat(timer.pending()).isEqualTo(1);
    timer.advance(Duration.ofMillis(10));
    assertThat(ran).hasValue(1);
    assertThat(kept.cancel()).isFalse();
  }

  @Test
  void refusesToGoBackwards() {
    assertThatThrownBy(() -> timer.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsSchedulesFromManyThreads() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch done = new CountDownLatch(1000);
    try {
      for (int i = 0; i < 1000; i++) {
        int delay = i % 50;
        pool.execute(() -> {
          timer.schedule(Duration.ofMillis(delay), ran::incrementAndGet);
          done.countDown();
        });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    timer.advance(Duration.ofMillis(50));
    assertThat(ran).hasValue(1000);
  }
}
