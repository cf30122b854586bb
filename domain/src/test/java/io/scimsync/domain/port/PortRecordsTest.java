package io.scimsync.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortRecordsTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void objectRefRejectsBlankIds() {
    assertThatThrownBy(() -> ObjectRef.user(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectRef.group(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void objectRefDescribesKindAndId() {
    assertThat(ObjectRef.group("eng").describe()).isEqualTo("group 'eng'");
  }

  @Test
  void idOrderIsCodePointOrder_unlikeStringCompareTo() {
    String highBmp = "\uFB01";
    String supplementary = "\uD83D\uDE00";

    assertThat(highBmp.compareTo(supplementary)).isPositive();
    assertThat(ObjectRef.ID_ORDER.compare(highBmp, supplementary)).isNegative();
    assertThat(ObjectRef.ID_ORDER.compare("a", "ab")).isNegative();
    assertThat(ObjectRef.ID_ORDER.compare("ab", "a")).isPositive();
    assertThat(ObjectRef.ID_ORDER.compare("B", "a")).isNegative();
    assertThat(ObjectRef.ID_ORDER.compare("x" + supplementary, "x" + supplementary)).isZero();
  }

  @Test
  void connectionCopiesItsCollections() {
    Map<String, Object> attributes = new HashMap<>(Map.of("displayName", "Eng"));
    Set<String> members = new HashSet<>(Set.of("r1"));

    Connection connection = new Connection("okta", ObjectRef.group("eng"), Optional.of("r-eng"),
        attributes, Optional.of(members), Optional.empty(), SyncStatus.SYNCED, 0,
        Optional.empty(), Optional.empty(), OptionalInt.empty(), T0);
    attributes.put("displayName", "Changed");
    members.add("r2");

    assertThat(connection.writtenAttributes()).containsEntry("displayName", "Eng");
    assertThat(connection.writtenMemberIds()).contains(Set.of("r1"));
  }

  @Test
  void connectionRejectsMemberIdsForAUser() {
    assertThatThrownBy(() -> new Connection("okta", ObjectRef.user("alice"), Optional.of("r"),
        Map.of(), Optional.of(Set.of()), Optional.empty(), SyncStatus.SYNCED, 0, Optional.empty(),
        Optional.empty(), OptionalInt.empty(), T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groups only");
  }

  @Test
  void connectionRejectsBlankRemoteId_negativeAttempts_andNonHttpStatus() {
    ObjectRef alice = ObjectRef.user("alice");
    assertThatThrownBy(() -> new Connection("okta", alice, Optional.of(" "), Map.of(),
        Optional.empty(), Optional.empty(), SyncStatus.SYNCED, 0, Optional.empty(),
        Optional.empty(), OptionalInt.empty(), T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Connection("okta", alice, Optional.empty(), Map.of(),
        Optional.empty(), Optional.empty(), SyncStatus.FAILED, -1, Optional.empty(),
        Optional.empty(), OptionalInt.empty(), T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Connection("okta", alice, Optional.empty(), Map.of(),
        Optional.empty(), Optional.empty(), SyncStatus.FAILED, 1, Optional.empty(),
        Optional.of("boom"), OptionalInt.of(42), T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pendingConnectionHasNothingWrittenYet() {
    Connection pending = Connection.pending("okta", ObjectRef.group("eng"), T0);

    assertThat(pending.status()).isEqualTo(SyncStatus.PENDING);
    assertThat(pending.remoteId()).isEmpty();
    assertThat(pending.writtenAttributes()).isEmpty();
    assertThat(pending.writtenMemberIds()).isEmpty();
    assertThat(pending.attempts()).isZero();
    assertThat(pending.updatedAt()).isEqualTo(T0);
  }

  @Test
  void remoteIdTakenNamesBothLocalObjects() {
    RemoteIdTakenException e =
        new RemoteIdTakenException("okta", ObjectKind.GROUP, "r-1", "eng", "engineering");

    assertThat(e).hasMessage("provider 'okta': remote group id 'r-1' is already linked to local "
        + "group 'eng', so it cannot be linked to local group 'engineering'");
  }

  @Test
  void runRequiresCountsExactlyWhenFinished() {
    assertThatThrownBy(() -> new Run(1, "okta", RunKind.RECONCILE, T0, Optional.of(T0),
        Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Run(1, "okta", RunKind.RECONCILE, T0, Optional.empty(),
        Optional.of(RunCounts.ZERO))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runCountsRejectNegativeCounts() {
    assertThatThrownBy(() -> new RunCounts(0, 0, 0, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void claimRejectsGenerationBelowOne() {
    assertThatThrownBy(() -> new Claim("okta", ObjectRef.user("a"), 0, 1, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void objectOutcomeRequiresProviderAndDetail() {
    assertThatThrownBy(() -> new ObjectOutcome("", ObjectRef.user("a"), OutcomeKind.CREATED, "",
        T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ObjectOutcome("okta", ObjectRef.user("a"), OutcomeKind.CREATED,
        null, T0)).isInstanceOf(NullPointerException.class);
  }
}
