package io.scimsync.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChangeFeed} has. Subclasses supply a fresh, empty feed per test.
 * Instants are whole seconds, so stores with microsecond precision pass unchanged.
 */
public abstract class ChangeFeedContract {
  protected static final String OKTA = "okta";
  protected static final String SLACK = "slack";
  protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  protected static final Duration LEASE = Duration.ofMinutes(1);

  private static final ObjectRef ALICE = ObjectRef.user("alice");
  private static final ObjectRef BOB = ObjectRef.user("bob");
  private static final ObjectRef CAROL = ObjectRef.user("carol");
  private static final ObjectRef ENG = ObjectRef.group("eng");
  private static final ObjectRef OPS = ObjectRef.group("ops");

  private ChangeFeed feed;

  /** A new, empty feed. */
  protected abstract ChangeFeed newFeed();

  @BeforeEach
  void createFeed() {
    feed = newFeed();
  }

  @Test
  void claimReturnsNothing_whenNothingIsDirty() {
    assertThat(feed.claim(OKTA, 10, LEASE, T0)).isEmpty();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void coalescesMarks_manyMarksOfOneObjectMakeOnePendingEntry() {
    for (int i = 0; i < 1000; i++) {
      feed.markDirty(OKTA, ENG);
    }

    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object).containsExactly(ENG);
  }

  @Test
  void marksManyAtOnce_coalescingWithEarlierMarks_andBumpingTheirGeneration() {
    feed.markDirty(OKTA, ENG);
    Claim first = feed.claim(OKTA, 10, LEASE, T0).get(0);

    feed.markDirty(OKTA, java.util.List.of(ENG, OPS, BOB, OPS));

    assertThat(feed.pending(OKTA)).isEqualTo(3);
    assertThat(feed.pending(SLACK)).isZero();
    assertThat(feed.acknowledge(first)).as("ENG was dirtied again while held").isFalse();
    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object)
        .containsExactly(BOB, ENG, OPS);
  }

  @Test
  void claimReturnsUsersBeforeGroups_thenOldestFirst() {
    feed.markDirty(OKTA, OPS);
    feed.markDirty(OKTA, BOB);
    feed.markDirty(OKTA, ENG);
    feed.markDirty(OKTA, ALICE);

    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object)
        .containsExactly(BOB, ALICE, OPS, ENG);
  }

  @Test
  void redirtiedEntryKeepsItsPlace_soAHotObjectCannotStarveOthers() {
    feed.markDirty(OKTA, ALICE);
    feed.markDirty(OKTA, BOB);
    feed.markDirty(OKTA, ALICE);

    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object)
        .containsExactly(ALICE, BOB);
  }

  @Test
  void claimReturnsAtMostMax_andLeavesTheRestClaimable() {
    feed.markDirty(OKTA, ALICE);
    feed.markDirty(OKTA, BOB);
    feed.markDirty(OKTA, CAROL);

    assertThat(feed.claim(OKTA, 2, LEASE, T0)).extracting(Claim::object)
        .containsExactly(ALICE, BOB);
    assertThat(feed.claim(OKTA, 2, LEASE, T0)).extracting(Claim::object).containsExactly(CAROL);
  }

  @Test
  void claimLeasesUntilNowPlusLease_withTheEntrysGeneration() {
    feed.markDirty(OKTA, ENG);
    feed.markDirty(OKTA, ENG);

    Claim claim = feed.claim(OKTA, 1, LEASE, T0).get(0);

    assertThat(claim.provider()).isEqualTo(OKTA);
    assertThat(claim.object()).isEqualTo(ENG);
    assertThat(claim.leaseUntil()).isEqualTo(T0.plus(LEASE));
    assertThat(claim.generation()).isPositive();
  }

  @Test
  void claimSkipsClaimedEntries_whileTheirLeaseHolds() {
    feed.markDirty(OKTA, ALICE);
    feed.claim(OKTA, 10, LEASE, T0);

    assertThat(feed.claim(OKTA, 10, LEASE, T0.plus(LEASE).minusSeconds(1))).isEmpty();
  }

  @Test
  void claimReturnsEntryAgain_whenLeaseEndedWithoutAcknowledge() {
    feed.markDirty(OKTA, ALICE);
    Claim crashed = feed.claim(OKTA, 10, LEASE, T0).get(0);

    List<Claim> again = feed.claim(OKTA, 10, LEASE, crashed.leaseUntil());

    assertThat(again).extracting(Claim::object).containsExactly(ALICE);
    assertThat(again.get(0).token()).isNotEqualTo(crashed.token());
    assertThat(again.get(0).leaseUntil()).isEqualTo(crashed.leaseUntil().plus(LEASE));
  }

  @Test
  void pendingCountsClaimedAndUnclaimedEntries() {
    feed.markDirty(OKTA, ALICE);
    feed.markDirty(OKTA, ENG);
    feed.claim(OKTA, 1, LEASE, T0);

    assertThat(feed.pending(OKTA)).isEqualTo(2);
  }

  @Test
  void acknowledgeRemovesEntry_whenNotDirtiedSinceClaim() {
    feed.markDirty(OKTA, ALICE);
    Claim claim = feed.claim(OKTA, 10, LEASE, T0).get(0);

    assertThat(feed.acknowledge(claim)).isTrue();

    assertThat(feed.pending(OKTA)).isZero();
    assertThat(feed.claim(OKTA, 10, LEASE, T0.plus(LEASE))).isEmpty();
  }

  @Test
  void acknowledgeKeepsEntry_whenDirtiedAgainAfterClaim() {
    feed.markDirty(OKTA, ENG);
    Claim claim = feed.claim(OKTA, 10, LEASE, T0).get(0);
    feed.markDirty(OKTA, ENG);

    assertThat(feed.acknowledge(claim)).isFalse();

    assertThat(feed.pending(OKTA)).isEqualTo(1);
    List<Claim> again = feed.claim(OKTA, 10, LEASE, T0);
    assertThat(again).extracting(Claim::object).containsExactly(ENG);
    assertThat(again.get(0).generation()).isGreaterThan(claim.generation());
    assertThat(feed.acknowledge(again.get(0))).isTrue();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void markDirtyWhileClaimed_doesNotMakeTheEntryClaimableBeforeTheLeaseEnds() {
    feed.markDirty(OKTA, ENG);
    feed.claim(OKTA, 10, LEASE, T0);
    feed.markDirty(OKTA, ENG);

    assertThat(feed.claim(OKTA, 10, LEASE, T0.plusSeconds(1))).isEmpty();
    assertThat(feed.pending(OKTA)).isEqualTo(1);
  }

  @Test
  void acknowledgeRemovesEntry_whenLeaseEndedButNoOtherClaimTookIt() {
    feed.markDirty(OKTA, ALICE);
    Claim slow = feed.claim(OKTA, 10, LEASE, T0).get(0);

    assertThat(feed.acknowledge(slow)).isTrue();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void acknowledgeChangesNothing_whenALaterClaimTookTheEntry() {
    feed.markDirty(OKTA, ENG);
    Claim stale = feed.claim(OKTA, 10, LEASE, T0).get(0);
    Claim current = feed.claim(OKTA, 10, LEASE, stale.leaseUntil()).get(0);
    feed.markDirty(OKTA, ENG);

    assertThat(feed.acknowledge(stale)).isFalse();

    // the current holder keeps its lease: no third worker may sync the object meanwhile
    assertThat(feed.claim(OKTA, 10, LEASE, stale.leaseUntil().plusSeconds(1))).isEmpty();
    assertThat(feed.acknowledge(current)).isFalse();
    assertThat(feed.claim(OKTA, 10, LEASE, stale.leaseUntil().plusSeconds(1)))
        .extracting(Claim::object).containsExactly(ENG);
  }

  @Test
  void acknowledgeOfStaleClaimKeepsEntry_evenWhenNotDirtiedAgain() {
    feed.markDirty(OKTA, ENG);
    Claim stale = feed.claim(OKTA, 10, LEASE, T0).get(0);
    Claim current = feed.claim(OKTA, 10, LEASE, stale.leaseUntil()).get(0);

    assertThat(feed.acknowledge(stale)).isFalse();
    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(feed.acknowledge(current)).isTrue();
  }

  @Test
  void releaseMakesEntryClaimableAgain_fromNotBefore() {
    feed.markDirty(OKTA, ALICE);
    Claim claim = feed.claim(OKTA, 10, LEASE, T0).get(0);
    Instant retryAt = T0.plusSeconds(30);

    feed.release(claim, retryAt);

    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(feed.claim(OKTA, 10, LEASE, retryAt.minusSeconds(1))).isEmpty();
    assertThat(feed.claim(OKTA, 10, LEASE, retryAt)).extracting(Claim::object)
        .containsExactly(ALICE);
  }

  @Test
  void releaseBeforeLeaseEnd_makesEntryClaimableAtOnce_whenNotBeforeIsNow() {
    feed.markDirty(OKTA, ALICE);
    Claim claim = feed.claim(OKTA, 10, LEASE, T0).get(0);

    feed.release(claim, T0);

    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object).containsExactly(ALICE);
  }

  @Test
  void releasedEntryKeepsItsPlaceAndGeneration() {
    feed.markDirty(OKTA, ALICE);
    feed.markDirty(OKTA, BOB);
    Claim alice = feed.claim(OKTA, 1, LEASE, T0).get(0);

    feed.release(alice, T0.plusSeconds(5));
    List<Claim> later = feed.claim(OKTA, 10, LEASE, T0.plusSeconds(5));

    assertThat(later).extracting(Claim::object).containsExactly(ALICE, BOB);
    assertThat(later.get(0).generation()).isEqualTo(alice.generation());
    assertThat(feed.acknowledge(later.get(0))).isTrue();
  }

  @Test
  void releasedEntryDoesNotBlockOthers_whileItWaits() {
    feed.markDirty(OKTA, ALICE);
    feed.markDirty(OKTA, BOB);
    Claim alice = feed.claim(OKTA, 1, LEASE, T0).get(0);
    feed.release(alice, T0.plusSeconds(60));

    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object).containsExactly(BOB);
  }

  @Test
  void markDirtyDuringBackoff_keepsTheNotBeforeTime() {
    feed.markDirty(OKTA, ENG);
    Claim claim = feed.claim(OKTA, 10, LEASE, T0).get(0);
    feed.release(claim, T0.plusSeconds(30));

    feed.markDirty(OKTA, ENG);

    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(feed.claim(OKTA, 10, LEASE, T0.plusSeconds(29))).isEmpty();
    assertThat(feed.claim(OKTA, 10, LEASE, T0.plusSeconds(30))).extracting(Claim::object)
        .containsExactly(ENG);
  }

  @Test
  void releaseChangesNothing_whenALaterClaimTookTheEntry() {
    feed.markDirty(OKTA, ALICE);
    Claim stale = feed.claim(OKTA, 10, LEASE, T0).get(0);
    Claim current = feed.claim(OKTA, 10, LEASE, stale.leaseUntil()).get(0);

    feed.release(stale, stale.leaseUntil());

    assertThat(feed.claim(OKTA, 10, LEASE, stale.leaseUntil())).isEmpty();
    assertThat(feed.acknowledge(current)).isTrue();
  }

  @Test
  void releaseChangesNothing_afterTheEntryWasAcknowledged() {
    feed.markDirty(OKTA, ALICE);
    Claim claim = feed.claim(OKTA, 10, LEASE, T0).get(0);
    feed.acknowledge(claim);

    feed.release(claim, T0);

    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void markDirtyAfterAcknowledge_makesANewEntry() {
    feed.markDirty(OKTA, ALICE);
    Claim first = feed.claim(OKTA, 10, LEASE, T0).get(0);
    feed.acknowledge(first);

    feed.markDirty(OKTA, ALICE);

    List<Claim> second = feed.claim(OKTA, 10, LEASE, T0);
    assertThat(second).extracting(Claim::object).containsExactly(ALICE);
    assertThat(feed.acknowledge(first)).isFalse();
    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(feed.acknowledge(second.get(0))).isTrue();
  }

  @Test
  void providersHaveSeparateEntries_forTheSameObject() {
    feed.markDirty(OKTA, ENG);
    feed.markDirty(SLACK, ENG);
    Claim okta = feed.claim(OKTA, 10, LEASE, T0).get(0);
    feed.acknowledge(okta);

    assertThat(feed.pending(OKTA)).isZero();
    assertThat(feed.pending(SLACK)).isEqualTo(1);
    assertThat(feed.claim(SLACK, 10, LEASE, T0)).extracting(Claim::provider, Claim::object)
        .containsExactly(tuple(SLACK, ENG));
  }

  @Test
  void removeProviderDropsItsEntries_andLeavesOtherProviders() {
    feed.markDirty(OKTA, ALICE);
    feed.markDirty(OKTA, ENG);
    feed.markDirty(SLACK, ENG);
    Claim claimed = feed.claim(OKTA, 1, LEASE, T0).get(0);

    assertThat(feed.removeProvider(OKTA)).isEqualTo(2);

    assertThat(feed.pending(OKTA)).isZero();
    assertThat(feed.acknowledge(claimed)).isFalse();
    assertThat(feed.claim(OKTA, 10, LEASE, T0.plus(LEASE))).isEmpty();
    assertThat(feed.pending(SLACK)).isEqualTo(1);
    assertThat(feed.removeProvider(OKTA)).isZero();
  }

  @Test
  void renew_extendsTheLeaseOfHeldClaims_soTheirEntriesAreNotClaimedAgain() {
    feed.markDirty(OKTA, ALICE);
    feed.markDirty(OKTA, BOB);
    List<Claim> claims = feed.claim(OKTA, 10, LEASE, T0);

    List<Claim> renewed = feed.renew(claims, T0.plus(LEASE.multipliedBy(3)));

    assertThat(renewed).extracting(Claim::object).containsExactlyInAnyOrder(ALICE, BOB);
    assertThat(renewed).extracting(Claim::leaseUntil).containsOnly(T0.plus(LEASE.multipliedBy(3)));
    assertThat(feed.claim(OKTA, 10, LEASE, T0.plus(LEASE.multipliedBy(2)))).isEmpty();
    assertThat(feed.acknowledge(renewed.get(0))).isTrue();
    assertThat(feed.acknowledge(claims.get(1))).isTrue();
  }

  @Test
  void renew_skipsAClaimWhoseEntryANewerClaimTook() {
    feed.markDirty(OKTA, ALICE);
    Claim old = feed.claim(OKTA, 10, LEASE, T0).get(0);
    Claim newer = feed.claim(OKTA, 10, LEASE, T0.plus(LEASE)).get(0);

    assertThat(feed.renew(List.of(old), T0.plus(LEASE.multipliedBy(5)))).isEmpty();
    assertThat(feed.renew(List.of(newer), T0.plus(LEASE.multipliedBy(5))))
        .extracting(Claim::token).containsExactly(newer.token());
    assertThat(feed.renew(List.of(), T0)).isEmpty();
  }

  @Test
  void rejectsNonPositiveMaxOrLease() {
    assertThatThrownBy(() -> feed.claim(OKTA, 0, LEASE, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> feed.claim(OKTA, 1, Duration.ZERO, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
