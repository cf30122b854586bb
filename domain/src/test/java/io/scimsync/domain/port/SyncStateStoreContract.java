package io.scimsync.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.model.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SyncStateStore} has, over the stores it shares its data with.
 * Subclasses supply fresh, empty stores per test, with {@link #OKTA} and {@link #SLACK}
 * configured as providers.
 */
public abstract class SyncStateStoreContract {
  protected static final String OKTA = "okta";
  protected static final String SLACK = "slack";
  protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** Stores over one set of data. */
  public record Stores(DirectoryStore directory, ConnectionStore connections, ChangeFeed feed,
                          SyncLog log, SyncStateStore state) {}

  protected abstract Stores newStores();

  private DirectoryStore directory;
  private ConnectionStore connections;
  private ChangeFeed feed;
  private SyncLog log;
  private SyncStateStore state;

  @BeforeEach
  void createStores() {
    Stores stores = newStores();
    directory = stores.directory();
    connections = stores.connections();
    feed = stores.feed();
    log = stores.log();
    state = stores.state();
  }

  private static LocalUser user(String id) {
    return new LocalUser(id, id + "@example.com", Optional.of("User " + id), Optional.empty(),
        Optional.empty(), Optional.empty(), true, Map.of());
  }

  private static Connection linked(String provider, ObjectRef object, String remoteId,
                                   SyncStatus status) {
    return new Connection(provider, object, Optional.of(remoteId),
        JsonValues.object("userName", object.localId()), Optional.empty(), Optional.empty(),
        status, 0, Optional.empty(), Optional.empty(), OptionalInt.empty(), T0);
  }

  private Claim claim(ObjectRef object) {
    feed.markDirty(OKTA, object);
    return feed.claim(OKTA, 100, LEASE, T0).stream().filter(c -> c.object().equals(object))
        .findFirst().orElseThrow();
  }

  private static ObjectCommit commit(Claim claim, ObjectCommit.ConnectionChange change,
                                     ObjectCommit.Finish finish) {
    return new ObjectCommit(claim, change, Optional.of(new ObjectOutcome(claim.provider(),
        claim.object(), OutcomeKind.CREATED, "POST /Users", T0)), Optional.empty(), finish);
  }

  @Test
  void snapshotOfAUser_holdsTheUserAndItsConnection_orEmptiesWhenDeletedOrNeverLinked() {
    directory.putUser(user("alice"));
    Connection bob = linked(OKTA, ObjectRef.user("bob"), "r-bob", SyncStatus.SYNCED);
    connections.save(bob);
    connections.save(linked(SLACK, ObjectRef.user("alice"), "s-alice", SyncStatus.SYNCED));

    Map<ObjectRef, ObjectSnapshot> snapshots = state.snapshot(OKTA,
        List.of(ObjectRef.user("alice"), ObjectRef.user("bob"), ObjectRef.user("nobody")));

    assertThat(snapshots).containsOnlyKeys(ObjectRef.user("alice"), ObjectRef.user("bob"),
        ObjectRef.user("nobody"));
    ObjectSnapshot alice = snapshots.get(ObjectRef.user("alice"));
    assertThat(alice.user()).contains(user("alice"));
    assertThat(alice.connection()).isEmpty();
    ObjectSnapshot gone = snapshots.get(ObjectRef.user("bob"));
    assertThat(gone.user()).isEmpty();
    assertThat(gone.connection()).contains(bob);
    ObjectSnapshot nobody = snapshots.get(ObjectRef.user("nobody"));
    assertThat(nobody.existsLocally()).isFalse();
    assertThat(nobody.connection()).isEmpty();
  }

  @Test
  void snapshotOfAGroup_holdsItsMembersLinks_atThisProviderOnly() {
    directory.putUser(user("alice"));
    directory.putUser(user("bob"));
    directory.putUser(user("carol"));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice", "bob", "carol")));
    connections.save(linked(OKTA, ObjectRef.user("alice"), "r-alice", SyncStatus.SYNCED));
    connections.save(new Connection(OKTA, ObjectRef.user("bob"), Optional.empty(), Map.of(),
        Optional.empty(), Optional.empty(), SyncStatus.FAILED, 1, Optional.empty(),
        Optional.of("400 invalidValue"), OptionalInt.of(400), T0));
    connections.save(linked(SLACK, ObjectRef.user("carol"), "s-carol", SyncStatus.SYNCED));
    Connection eng = new Connection(OKTA, ObjectRef.group("eng"), Optional.of("r-eng"),
        JsonValues.object("displayName", "Engineering"), Optional.of(Set.of("r-alice")),
        Optional.of("W/\"1\""), SyncStatus.SYNCED, 0, Optional.empty(), Optional.empty(),
        OptionalInt.empty(), T0);
    connections.save(eng);

    ObjectSnapshot snapshot = state.snapshot(OKTA, List.of(ObjectRef.group("eng")))
        .get(ObjectRef.group("eng"));

    assertThat(snapshot.group()).contains(
        LocalGroup.of("eng", "Engineering", Set.of("alice", "bob", "carol")));
    assertThat(snapshot.connection()).contains(eng);
    assertThat(snapshot.members()).containsOnly(
        Map.entry("alice", new MemberLink("alice", Optional.of("r-alice"), SyncStatus.SYNCED)),
        Map.entry("bob", new MemberLink("bob", Optional.empty(), SyncStatus.FAILED)));
  }

  @Test
  void snapshotOfADeletedGroup_hasNoMembers_butItsConnection() {
    Connection eng = linked(OKTA, ObjectRef.group("eng"), "r-eng", SyncStatus.SYNCED);
    connections.save(eng);

    ObjectSnapshot snapshot = state.snapshot(OKTA, List.of(ObjectRef.group("eng")))
        .get(ObjectRef.group("eng"));

    assertThat(snapshot.group()).isEmpty();
    assertThat(snapshot.members()).isEmpty();
    assertThat(snapshot.connection()).contains(eng);
  }

  @Test
  void commit_savesTheConnection_logsTheOutcome_andAcknowledges() {
    Claim alice = claim(ObjectRef.user("alice"));
    Connection saved = linked(OKTA, ObjectRef.user("alice"), "r-alice", SyncStatus.SYNCED);

    List<SyncStateStore.Outcome> outcomes = state.commit(List.of(commit(alice,
        new ObjectCommit.ConnectionChange.Save(saved), new ObjectCommit.Finish.Acknowledge())));

    assertThat(outcomes).containsExactly(SyncStateStore.Outcome.ACKNOWLEDGED);
    assertThat(connections.find(OKTA, ObjectRef.user("alice"))).contains(saved);
    assertThat(feed.pending(OKTA)).isZero();
    assertThat(log.recentOutcomes(OKTA, 10)).extracting(ObjectOutcome::object, ObjectOutcome::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ObjectRef.user("alice"),
            OutcomeKind.CREATED));
  }

  @Test
  void commit_savesEveryFieldOfAConnection_setOrEmpty() {
    Claim group = claim(ObjectRef.group("eng"));
    Claim user = claim(ObjectRef.user("bob"));
    Connection full = new Connection(OKTA, ObjectRef.group("eng"), Optional.of("r-eng"),
        JsonValues.object("displayName", "Engineering"), Optional.of(Set.of("r-b", "r-a")),
        Optional.of("W/\"7\""), SyncStatus.FAILED, 3,
        Optional.of(T0.plusMillis(1_500).plusNanos(123_000)), Optional.of("503 busy"),
        OptionalInt.of(503), T0.plusNanos(456_000));
    Connection empty = new Connection(OKTA, ObjectRef.user("bob"), Optional.empty(), Map.of(),
        Optional.empty(), Optional.empty(), SyncStatus.CREATE_SENT, 0, Optional.empty(),
        Optional.empty(), OptionalInt.empty(), T0);

    state.commit(List.of(
        commit(group, new ObjectCommit.ConnectionChange.Save(full),
            new ObjectCommit.Finish.Acknowledge()),
        commit(user, new ObjectCommit.ConnectionChange.Save(empty),
            new ObjectCommit.Finish.Acknowledge())));

    assertThat(connections.find(OKTA, ObjectRef.group("eng"))).contains(full);
    assertThat(connections.find(OKTA, ObjectRef.user("bob"))).contains(empty);
  }

  @Test
  void commitOfAClaimThatLostItsEntry_isFenced_andWritesNothing() {
    Claim stale = claim(ObjectRef.user("alice"));
    Claim newer = feed.claim(OKTA, 10, LEASE, T0.plus(LEASE)).get(0);

    List<SyncStateStore.Outcome> outcomes = state.commit(List.of(commit(stale,
        new ObjectCommit.ConnectionChange.Save(linked(OKTA, ObjectRef.user("alice"), "r-alice",
            SyncStatus.SYNCED)), new ObjectCommit.Finish.Acknowledge())));

    assertThat(outcomes).containsExactly(SyncStateStore.Outcome.FENCED);
    assertThat(connections.find(OKTA, ObjectRef.user("alice"))).isEmpty();
    assertThat(log.recentOutcomes(OKTA, 10)).isEmpty();
    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(feed.acknowledge(newer)).isTrue();
  }

  @Test
  void acknowledgingAnObjectDirtiedSinceItsClaim_leavesItClaimableAtOnce() {
    Claim alice = claim(ObjectRef.user("alice"));
    feed.markDirty(OKTA, ObjectRef.user("alice"));

    List<SyncStateStore.Outcome> outcomes = state.commit(List.of(commit(alice,
        ObjectCommit.ConnectionChange.KEEP, new ObjectCommit.Finish.Acknowledge())));

    assertThat(outcomes).containsExactly(SyncStateStore.Outcome.WRITTEN);
    List<Claim> again = feed.claim(OKTA, 10, LEASE, T0);
    assertThat(again).extracting(Claim::generation).containsExactly(alice.generation() + 1);
  }

  @Test
  void releaseAt_makesTheObjectClaimableFromThen_andHoldKeepsTheClaim() {
    Claim alice = claim(ObjectRef.user("alice"));
    Claim bob = claim(ObjectRef.user("bob"));

    List<SyncStateStore.Outcome> outcomes = state.commit(List.of(
        ObjectCommit.releaseAt(alice, T0.plusSeconds(30)),
        commit(bob, new ObjectCommit.ConnectionChange.Save(new Connection(OKTA,
            ObjectRef.user("bob"), Optional.empty(), JsonValues.object("userName", "bob"),
            Optional.empty(), Optional.empty(), SyncStatus.CREATE_SENT, 0, Optional.empty(),
            Optional.empty(), OptionalInt.empty(), T0)), new ObjectCommit.Finish.Hold())));

    assertThat(outcomes).containsExactly(SyncStateStore.Outcome.WRITTEN,
        SyncStateStore.Outcome.WRITTEN);
    assertThat(feed.claim(OKTA, 10, LEASE, T0.plusSeconds(29))).isEmpty();
    assertThat(feed.claim(OKTA, 10, LEASE, T0.plusSeconds(30))).extracting(Claim::object)
        .containsExactly(ObjectRef.user("alice"));
    assertThat(connections.find(OKTA, ObjectRef.user("bob"))).get()
        .extracting(Connection::status).isEqualTo(SyncStatus.CREATE_SENT);
    assertThat(feed.acknowledge(bob)).isTrue();
  }

  @Test
  void remove_dropsTheConnection() {
    connections.save(linked(OKTA, ObjectRef.user("alice"), "r-alice", SyncStatus.SYNCED));
    Claim alice = claim(ObjectRef.user("alice"));

    state.commit(List.of(commit(alice, new ObjectCommit.ConnectionChange.Remove(),
        new ObjectCommit.Finish.Acknowledge())));

    assertThat(connections.find(OKTA, ObjectRef.user("alice"))).isEmpty();
    assertThat(connections.findByRemoteId(OKTA, ObjectKind.USER, "r-alice")).isEmpty();
  }

  @Test
  void whatAListingShowed_isInTheSnapshot_untilTheConnectionIsWritten_orCleared() {
    directory.putUser(user("alice"));
    directory.putUser(user("bob"));
    connections.save(linked(OKTA, ObjectRef.user("alice"), "r-alice", SyncStatus.SYNCED));
    connections.save(linked(OKTA, ObjectRef.user("bob"), "r-bob", SyncStatus.SYNCED));
    Map<String, Object> seenAlice = JsonValues.object("userName", "alice", "title", "CEO");
    connections.saveSeen(OKTA, ObjectKind.USER, Map.of("r-alice", seenAlice,
        "r-bob", JsonValues.object("userName", "bob"), "r-nobody", JsonValues.object()));

    assertThat(state.snapshot(OKTA, List.of(ObjectRef.user("alice"))).get(ObjectRef.user("alice"))
        .seen()).contains(seenAlice);
    assertThat(state.snapshot(SLACK, List.of(ObjectRef.user("alice")))
        .get(ObjectRef.user("alice")).seen()).isEmpty();

    Claim claim = claim(ObjectRef.user("alice"));
    state.commit(List.of(commit(claim, new ObjectCommit.ConnectionChange.Save(
        linked(OKTA, ObjectRef.user("alice"), "r-alice", SyncStatus.SYNCED)),
        new ObjectCommit.Finish.Acknowledge())));
    assertThat(connections.seen(OKTA, ObjectRef.user("alice"))).as("after a write").isEmpty();
    assertThat(connections.seen(OKTA, ObjectRef.user("bob"))).isPresent();

    connections.clearSeen(OKTA);
    assertThat(connections.seen(OKTA, ObjectRef.user("bob"))).as("after clearSeen").isEmpty();
  }

  @Test
  void whatAListingShowedOfAGroup_isInItsSnapshot_andNotInAUsersOfTheSameId() {
    directory.putUser(user("eng"));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of()));
    connections.save(linked(OKTA, ObjectRef.user("eng"), "r-1", SyncStatus.SYNCED));
    connections.save(linked(OKTA, ObjectRef.group("eng"), "r-1", SyncStatus.SYNCED));
    Map<String, Object> listed = JsonValues.object("displayName", "Engineering");
    connections.saveSeen(OKTA, ObjectKind.GROUP, Map.of("r-1", listed));

    Map<ObjectRef, ObjectSnapshot> snapshots = state.snapshot(OKTA,
        List.of(ObjectRef.group("eng"), ObjectRef.user("eng")));

    assertThat(snapshots.get(ObjectRef.group("eng")).seen()).contains(listed);
    assertThat(snapshots.get(ObjectRef.user("eng")).seen()).isEmpty();
  }

  @Test
  void groupMarks_markEveryGroupOfTheUser_orOnlyThoseWaiting() {
    directory.putUser(user("alice"));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    directory.putGroup(LocalGroup.of("ops", "Operations", Set.of("alice")));
    directory.putGroup(LocalGroup.of("new", "Newcomers", Set.of("alice")));
    directory.putGroup(LocalGroup.of("bad", "Refused", Set.of("alice")));
    directory.putGroup(LocalGroup.of("hr", "People", Set.of()));
    connections.save(linked(OKTA, ObjectRef.group("eng"), "r-eng", SyncStatus.SYNCED));
    connections.save(linked(OKTA, ObjectRef.group("ops"), "r-ops", SyncStatus.WAITING));
    // a permanent failure waits for the group's own change or the reconcile, not its members'
    connections.save(linked(OKTA, ObjectRef.group("bad"), "r-bad", SyncStatus.FAILED));
    acknowledgeEverything();

    Claim first = claim(ObjectRef.user("alice"));
    state.commit(List.of(new ObjectCommit(first, ObjectCommit.ConnectionChange.KEEP,
        Optional.empty(), Optional.of(new ObjectCommit.GroupMarks("alice", false)),
        new ObjectCommit.Finish.Acknowledge())));
    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object)
        .containsExactlyInAnyOrder(ObjectRef.group("ops"), ObjectRef.group("new"));
    acknowledgeEverything();

    Claim second = claim(ObjectRef.user("alice"));
    state.commit(List.of(new ObjectCommit(second, ObjectCommit.ConnectionChange.KEEP,
        Optional.empty(), Optional.of(new ObjectCommit.GroupMarks("alice", true)),
        new ObjectCommit.Finish.Acknowledge())));
    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object)
        .containsExactlyInAnyOrder(ObjectRef.group("eng"), ObjectRef.group("ops"),
            ObjectRef.group("new"), ObjectRef.group("bad"));
    assertThat(feed.pending(SLACK)).isZero();
  }

  private void acknowledgeEverything() {
    for (Claim claim : feed.claim(OKTA, 100, LEASE, T0.plus(LEASE.multipliedBy(10)))) {
      feed.acknowledge(claim);
    }
    for (Claim claim : feed.claim(SLACK, 100, LEASE, T0.plus(LEASE.multipliedBy(10)))) {
      feed.acknowledge(claim);
    }
  }

  @Test
  void aSaveOfATakenRemoteId_isRefusedAlone_andTheRestOfTheBatchIsWritten() {
    connections.save(linked(OKTA, ObjectRef.user("alice"), "r-shared", SyncStatus.SYNCED));
    Claim bob = claim(ObjectRef.user("bob"));
    Claim carol = claim(ObjectRef.user("carol"));

    List<SyncStateStore.Outcome> outcomes = state.commit(List.of(
        commit(bob, new ObjectCommit.ConnectionChange.Save(linked(OKTA, ObjectRef.user("bob"),
            "r-shared", SyncStatus.SYNCED)), new ObjectCommit.Finish.Acknowledge()),
        commit(carol, new ObjectCommit.ConnectionChange.Save(linked(OKTA,
            ObjectRef.user("carol"), "r-carol", SyncStatus.SYNCED)),
            new ObjectCommit.Finish.Acknowledge())));

    assertThat(outcomes.get(0).result()).isEqualTo(SyncStateStore.Result.REMOTE_ID_TAKEN);
    assertThat(outcomes.get(0).detail()).contains("alice");
    assertThat(outcomes.get(1)).isEqualTo(SyncStateStore.Outcome.ACKNOWLEDGED);
    assertThat(connections.find(OKTA, ObjectRef.user("bob"))).isEmpty();
    assertThat(connections.find(OKTA, ObjectRef.user("carol"))).isPresent();
    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(log.recentOutcomes(OKTA, 10)).extracting(ObjectOutcome::object)
        .containsExactly(ObjectRef.user("carol"));
  }

  @Test
  void aBatchOfManyCommits_isWrittenWhole() {
    List<ObjectCommit> commits = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      ObjectRef ref = ObjectRef.user("u" + i);
      feed.markDirty(OKTA, ref);
    }
    for (Claim claim : feed.claim(OKTA, 200, LEASE, T0)) {
      commits.add(commit(claim, new ObjectCommit.ConnectionChange.Save(linked(OKTA,
          claim.object(), "r-" + claim.object().localId(), SyncStatus.SYNCED)),
          new ObjectCommit.Finish.Acknowledge()));
    }

    assertThat(state.commit(commits)).hasSize(150)
        .containsOnly(SyncStateStore.Outcome.ACKNOWLEDGED);
    assertThat(feed.pending(OKTA)).isZero();
    assertThat(connections.countByStatus(OKTA).get(SyncStatus.SYNCED)).isEqualTo(150);
    assertThat(state.commit(List.of())).isEmpty();
  }
}
