package io.scimsync.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SyncLog} has. Subclasses supply a fresh, empty log per test.
 * Instants are whole seconds, so stores with microsecond precision pass unchanged.
 */
public abstract class SyncLogContract {
  protected static final String OKTA = "okta";
  protected static final String SLACK = "slack";
  protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final RunCounts COUNTS = new RunCounts(3, 2, 1, 40, 1, 5);

  private SyncLog log;

  /** A new, empty log. */
  protected abstract SyncLog newLog();

  @BeforeEach
  void createLog() {
    log = newLog();
  }

  @Test
  void runStartedReturnsGrowingPositiveIds() {
    long first = log.runStarted(OKTA, RunKind.RECONCILE, T0);
    long second = log.runStarted(SLACK, RunKind.PLAN, T0);

    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void recentRunsShowsARunningRun_withoutFinishOrCounts() {
    long id = log.runStarted(OKTA, RunKind.RECONCILE, T0);

    assertThat(log.recentRuns(OKTA, 10)).containsExactly(
        new Run(id, OKTA, RunKind.RECONCILE, T0, Optional.empty(), Optional.empty()));
  }

  @Test
  void runFinishedRecordsTheEndAndTheCounts() {
    long id = log.runStarted(OKTA, RunKind.PLAN, T0);

    log.runFinished(id, COUNTS, T0.plusSeconds(42));

    assertThat(log.recentRuns(OKTA, 10)).containsExactly(new Run(id, OKTA, RunKind.PLAN, T0,
        Optional.of(T0.plusSeconds(42)), Optional.of(COUNTS)));
  }

  @Test
  void runFinishedRejectsAnUnknownRun() {
    assertThatThrownBy(() -> log.runFinished(12345, COUNTS, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runFinishedRejectsAFinishedRun_andKeepsTheFirstFinish() {
    long id = log.runStarted(OKTA, RunKind.RECONCILE, T0);
    log.runFinished(id, COUNTS, T0.plusSeconds(1));

    assertThatThrownBy(() -> log.runFinished(id, RunCounts.ZERO, T0.plusSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(log.recentRuns(OKTA, 1).get(0).counts()).contains(COUNTS);
  }

  @Test
  void recentRunsAreTheProvidersNewestFirst_atMostLimit() {
    long old = log.runStarted(OKTA, RunKind.RECONCILE, T0);
    long newest = log.runStarted(OKTA, RunKind.RECONCILE, T0.plusSeconds(20));
    long middle = log.runStarted(OKTA, RunKind.PLAN, T0.plusSeconds(10));
    log.runStarted(SLACK, RunKind.RECONCILE, T0.plusSeconds(30));

    assertThat(log.recentRuns(OKTA, 10)).extracting(Run::id).containsExactly(newest, middle, old);
    assertThat(log.recentRuns(OKTA, 2)).extracting(Run::id).containsExactly(newest, middle);
    assertThat(log.recentRuns("nobody", 10)).isEmpty();
  }

  @Test
  void recentRunsStartedAtTheSameInstant_comeHigherIdFirst() {
    long first = log.runStarted(OKTA, RunKind.RECONCILE, T0);
    long second = log.runStarted(OKTA, RunKind.PLAN, T0);

    assertThat(log.recentRuns(OKTA, 10)).extracting(Run::id).containsExactly(second, first);
  }

  @Test
  void recentOutcomesAreTheProvidersNewestFirst_atMostLimit() {
    ObjectOutcome created = outcome(OKTA, ObjectRef.user("alice"), OutcomeKind.CREATED, T0);
    ObjectOutcome failed = new ObjectOutcome(OKTA, ObjectRef.group("eng"), OutcomeKind.FAILED,
        "PATCH /Groups/r-eng: 400 invalidValue: bad member", T0.plusSeconds(20));
    ObjectOutcome updated = outcome(OKTA, ObjectRef.user("alice"), OutcomeKind.UPDATED,
        T0.plusSeconds(10));
    log.record(created);
    log.record(failed);
    log.record(updated);
    log.record(outcome(SLACK, ObjectRef.user("alice"), OutcomeKind.DRY_RUN, T0.plusSeconds(30)));

    assertThat(log.recentOutcomes(OKTA, 10)).containsExactly(failed, updated, created);
    assertThat(log.recentOutcomes(OKTA, 1)).containsExactly(failed);
    assertThat(log.recentOutcomes("nobody", 10)).isEmpty();
  }

  @Test
  void recentOutcomesAtTheSameInstant_comeLaterRecordedFirst() {
    ObjectOutcome first = outcome(OKTA, ObjectRef.user("alice"), OutcomeKind.CREATED, T0);
    ObjectOutcome second = outcome(OKTA, ObjectRef.group("eng"), OutcomeKind.CREATED, T0);
    log.record(first);
    log.record(second);

    assertThat(log.recentOutcomes(OKTA, 10)).containsExactly(second, first);
  }

  @Test
  void recordKeepsEveryOutcome_evenRepeatedOnes() {
    ObjectOutcome unchanged = outcome(OKTA, ObjectRef.user("alice"), OutcomeKind.UNCHANGED, T0);
    log.record(unchanged);
    log.record(unchanged);

    assertThat(log.recentOutcomes(OKTA, 10)).containsExactly(unchanged, unchanged);
  }

  @Test
  void pruneRemovesOutcomesAndRunsOlderThanTheCutoff_andCountsThem() {
    Instant cutoff = T0.plusSeconds(100);
    log.runStarted(OKTA, RunKind.RECONCILE, T0);
    long oldPlan = log.runStarted(OKTA, RunKind.PLAN, T0.plusSeconds(1));
    log.runFinished(oldPlan, COUNTS, T0.plusSeconds(2));
    long recentReconcile = log.runStarted(OKTA, RunKind.RECONCILE, cutoff);
    long recentPlan = log.runStarted(OKTA, RunKind.PLAN, cutoff.plusSeconds(1));
    log.record(outcome(OKTA, ObjectRef.user("alice"), OutcomeKind.CREATED, T0));
    log.record(outcome(SLACK, ObjectRef.user("alice"), OutcomeKind.CREATED, T0));
    ObjectOutcome kept = outcome(OKTA, ObjectRef.user("alice"), OutcomeKind.UPDATED, cutoff);
    log.record(kept);

    assertThat(log.prune(cutoff)).isEqualTo(4);

    assertThat(log.recentRuns(OKTA, 10)).extracting(Run::id)
        .containsExactly(recentPlan, recentReconcile);
    assertThat(log.recentOutcomes(OKTA, 10)).containsExactly(kept);
    assertThat(log.recentOutcomes(SLACK, 10)).isEmpty();
    assertThat(log.prune(cutoff)).isZero();
  }

  @Test
  void pruneKeepsTheLatestRunOfEachProviderAndKind_howeverOld() {
    log.runStarted(OKTA, RunKind.RECONCILE, T0);
    long lastReconcile = log.runStarted(OKTA, RunKind.RECONCILE, T0.plusSeconds(1));
    log.runFinished(lastReconcile, COUNTS, T0.plusSeconds(2));
    long lastPlan = log.runStarted(OKTA, RunKind.PLAN, T0);
    long slackReconcile = log.runStarted(SLACK, RunKind.RECONCILE, T0);

    assertThat(log.prune(T0.plusSeconds(1000))).isEqualTo(1);

    assertThat(log.recentRuns(OKTA, 10)).extracting(Run::id)
        .containsExactly(lastReconcile, lastPlan);
    assertThat(log.recentRuns(SLACK, 10)).extracting(Run::id).containsExactly(slackReconcile);
  }

  @Test
  void pruneKeepsEverythingAtOrAfterTheCutoff() {
    long run = log.runStarted(OKTA, RunKind.RECONCILE, T0);
    log.runStarted(OKTA, RunKind.RECONCILE, T0.plusSeconds(1));
    ObjectOutcome atCutoff = outcome(OKTA, ObjectRef.group("eng"), OutcomeKind.DELETED, T0);
    log.record(atCutoff);

    assertThat(log.prune(T0)).isZero();

    assertThat(log.recentRuns(OKTA, 10)).extracting(Run::id).contains(run);
    assertThat(log.recentOutcomes(OKTA, 10)).containsExactly(atCutoff);
  }

  @Test
  void rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> log.recentRuns(OKTA, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.recentOutcomes(OKTA, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ObjectOutcome outcome(String provider, ObjectRef object, OutcomeKind kind,
                                       Instant at) {
    return new ObjectOutcome(provider, object, kind, kind + " " + object.describe(), at);
  }
}
