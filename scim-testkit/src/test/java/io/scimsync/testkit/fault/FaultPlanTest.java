package io.scimsync.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.testkit.fault.FaultAction.DropConnection;
import io.scimsync.testkit.fault.FaultAction.Latency;
import io.scimsync.testkit.fault.FaultAction.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  private static final Status UNAVAILABLE = new Status(503);

  @Test
  void answersNothing_whenNoRuleMatches() {
    FaultPlan plan = FaultPlan.of(Faults.on("PATCH", "/Groups/*").status(503).always());

    assertThat(plan.match("GET", "/Groups/1")).isEmpty();
    assertThat(plan.match("PATCH", "/Users/1")).isEmpty();
    assertThat(new FaultPlan().match("GET", "/Users")).isEmpty();
  }

  @Test
  void appliesAlwaysRuleToEveryMatchingRequest() {
    FaultPlan plan = FaultPlan.of(Faults.on("PATCH", "/Groups/*").status(503).always());

    for (int i = 0; i < 5; i++) {
      assertThat(plan.match("PATCH", "/Groups/" + i)).containsExactly(UNAVAILABLE);
    }
  }

  @Test
  void firesNthMatchRuleOnlyOnTheNthMatchingRequest() {
    FaultPlan plan = FaultPlan.of(Faults.on("PATCH", "/Groups/*").status(503).onNthMatch(3));

    List<List<FaultAction>> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      plan.match("GET", "/Groups/1"); // not matching: does not count
      answers.add(plan.match("PATCH", "/Groups/1"));
    }
    assertThat(answers).containsExactly(List.of(), List.of(), List.of(UNAVAILABLE),
        List.of(), List.of(), List.of());
  }

  @Test
  void failsTwiceThenSucceeds_withFirstN() {
    FaultPlan plan = FaultPlan.of(Faults.on("POST", "/Users").status(500).firstTimes(2));

    assertThat(plan.match("POST", "/Users")).containsExactly(new Status(500));
    assertThat(plan.match("POST", "/Users")).containsExactly(new Status(500));
    assertThat(plan.match("POST", "/Users")).isEmpty();
    assertThat(plan.match("POST", "/Users")).isEmpty();
  }

  @Test
  void firesRateRuleReproducibly_forTheSameSeed() {
    FaultRule rule = Faults.on("GET", "/Users").dropConnection().atRate(0.1, 42);
    FaultPlan first = FaultPlan.of(rule);
    FaultPlan second = FaultPlan.of(rule);

    List<Boolean> firstDecisions = new ArrayList<>();
    List<Boolean> secondDecisions = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      firstDecisions.add(!first.match("GET", "/Users").isEmpty());
      secondDecisions.add(!second.match("GET", "/Users").isEmpty());
    }
    assertThat(firstDecisions).isEqualTo(secondDecisions);
    assertThat(firstDecisions.stream().filter(fired -> fired).count()).isBetween(900L, 1100L);
  }

  @Test
  void combinesLatencyWithATerminalAction_latencyFirst() {
    FaultPlan plan = FaultPlan.of(
        Faults.on("PATCH", "/Groups/*").status(503).always(),
        Faults.onAny("/**").latency(Duration.ofMillis(50)).always());

    assertThat(plan.match("PATCH", "/Groups/1"))
        .containsExactly(new Latency(Duration.ofMillis(50)), UNAVAILABLE);
    assertThat(plan.match("GET", "/Users")).containsExactly(new Latency(Duration.ofMillis(50)));
  }

  @Test
  void addsUpTheDelaysOfSeveralLatencyRules() {
    FaultPlan plan = FaultPlan.of(
        Faults.onAny("/**").latency(Duration.ofMillis(5)).always(),
        Faults.on("GET", "/Users").latency(Duration.ofMillis(100)).always());

    assertThat(plan.match("GET", "/Users")).containsExactly(new Latency(Duration.ofMillis(105)));
  }

  @Test
  void appliesTheFirstAddedTerminalAction_whenSeveralFire() {
    FaultPlan plan = FaultPlan.of(
        Faults.on("PATCH", "/Groups/*").dropConnection().always(),
        Faults.onAny("/**").status(500).always());

    assertThat(plan.match("PATCH", "/Groups/1")).containsExactly(new DropConnection());
    assertThat(plan.match("GET", "/Groups/1")).containsExactly(new Status(500));
  }

  @Test
  void advancesEveryMatchingRulesCounter_evenWhenAnEarlierRuleAnswers() {
    FaultPlan plan = FaultPlan.of(
        Faults.onAny("/Users").dropConnection().firstTimes(2),
        Faults.onAny("/Users").status(503).onNthMatch(2));

    assertThat(plan.match("GET", "/Users")).containsExactly(new DropConnection());
    // the 503 rule's 2nd match happens here, shadowed by the drop: it is spent
    assertThat(plan.match("GET", "/Users")).containsExactly(new DropConnection());
    assertThat(plan.match("GET", "/Users")).isEmpty();
  }

  @Test
  void ignoresQueryStringWhenMatching() {
    FaultPlan plan = FaultPlan.of(Faults.on("GET", "/Users").status(503).always());

    assertThat(plan.match("GET", "/Users?filter=userName%20eq%20%22a%22")).containsExactly(UNAVAILABLE);
  }

  @Test
  void listsRulesInOrderAndForgetsThemOnClear() {
    FaultRule first = FaultRule.parse("PATCH /Groups/* status=503 nth=1");
    FaultRule second = FaultRule.parse("* /** latency=5ms");
    FaultPlan plan = new FaultPlan().add(first).add(second);

    assertThat(plan.rules()).containsExactly(first, second);
    assertThat(plan).hasToString("PATCH /Groups/* status=503 nth=1\n* /** latency=5ms");

    plan.clear();
    assertThat(plan.rules()).isEmpty();
    assertThat(plan.match("PATCH", "/Groups/1")).isEmpty();
  }

  @Test
  void startsAFreshCounter_whenTheSameRuleIsAddedAgainAfterClear() {
    FaultRule rule = Faults.onAny("/Users").status(503).onNthMatch(1);
    FaultPlan plan = FaultPlan.of(rule);
    assertThat(plan.match("GET", "/Users")).containsExactly(UNAVAILABLE);

    plan.clear();
    plan.add(rule);
    assertThat(plan.match("GET", "/Users")).containsExactly(UNAVAILABLE);
  }

  @Test
  void firesNthMatchExactlyOnce_underConcurrentRequests() {
    FaultPlan plan = FaultPlan.of(
        Faults.on("PATCH", "/Groups/*").status(503).retryAfter(Duration.ofSeconds(1)).onNthMatch(500),
        Faults.on("PATCH", "/Groups/*").dropConnection().firstTimes(1));
    int threads = 16;
    int perThread = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<List<List<FaultAction>>>> futures = IntStream.range(0, threads)
          .mapToObj(t -> CompletableFuture.supplyAsync(() -> {
            await(start);
            List<List<FaultAction>> answers = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              answers.add(plan.match("PATCH", "/Groups/" + i));
            }
            return answers;
          }, pool))
          .toList();
      start.countDown();
      List<FaultAction> all = futures.stream()
          .flatMap(f -> f.join().stream())
          .flatMap(List::stream)
          .toList();

      assertThat(all).filteredOn(a -> a instanceof Status).hasSize(1);
      assertThat(all).filteredOn(a -> a instanceof DropConnection).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void keepsRetryAfterOnTheStatusItAnswers() {
    FaultPlan plan = FaultPlan.of(
        Faults.on("PATCH", "/Groups/*").status(429).retryAfter(Duration.ofSeconds(2)).always());

    assertThat(plan.match("PATCH", "/Groups/1"))
        .containsExactly(new Status(429, Optional.of(Duration.ofSeconds(2))));
  }
}
