package io.scimsync.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.model.JsonValues;
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
 * The behaviour every {@link ConnectionStore} has. Subclasses supply a fresh, empty store per
 * test. Instants are whole seconds and written attributes are normalised projections (integral
 * numbers as {@code Long}), so a store that keeps them as JSON and timestamps passes unchanged.
 */
public abstract class ConnectionStoreContract {
  protected static final String OKTA = "okta";
  protected static final String SLACK = "slack";
  protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private ConnectionStore store;

  /** A new, empty store. */
  protected abstract ConnectionStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void findReturnsEmpty_whenObjectWasNeverLinked() {
    assertThat(store.find(OKTA, ObjectRef.user("alice"))).isEmpty();
    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-alice")).isEmpty();
  }

  @Test
  void findReturnsWhatWasSaved_withEveryField() {
    Connection full = new Connection(OKTA, ObjectRef.group("eng"), Optional.of("r-eng"),
        JsonValues.object("displayName", "Engineering", "externalId", "eng",
            "urn:example:ext", JsonValues.object("cost", 42L, "active", true),
            "emails", List.of(JsonValues.object("value", "eng@example.com"))),
        Optional.of(Set.of("r-alice", "r-bob")), Optional.of("W/\"3\""), SyncStatus.WAITING, 2,
        Optional.of(T0.plusSeconds(90)), Optional.of("PATCH /Groups/r-eng: 503"),
        OptionalInt.of(503), T0);

    store.save(full);

    assertThat(store.find(OKTA, ObjectRef.group("eng"))).contains(full);
  }

  @Test
  void findReturnsWhatWasSaved_withEveryOptionalEmpty() {
    Connection pending = Connection.pending(OKTA, ObjectRef.user("alice"), T0);

    store.save(pending);

    assertThat(store.find(OKTA, ObjectRef.user("alice"))).contains(pending);
  }

  @Test
  void saveReplacesTheConnection_ofTheSameProviderAndObject() {
    store.save(Connection.pending(OKTA, ObjectRef.user("alice"), T0));
    Connection synced = synced(OKTA, ObjectRef.user("alice"), "r-alice", T0.plusSeconds(1));

    store.save(synced);

    assertThat(store.find(OKTA, ObjectRef.user("alice"))).contains(synced);
    assertThat(store.list(OKTA, ObjectKind.USER, Optional.empty(), 10)).containsExactly(synced);
  }

  @Test
  void keepsConnectionsApart_byProviderAndKind() {
    Connection oktaUser = synced(OKTA, ObjectRef.user("x"), "r1", T0);
    Connection oktaGroup = synced(OKTA, ObjectRef.group("x"), "r2", T0);
    Connection slackUser = synced(SLACK, ObjectRef.user("x"), "r3", T0);

    store.save(oktaUser);
    store.save(oktaGroup);
    store.save(slackUser);

    assertThat(store.find(OKTA, ObjectRef.user("x"))).contains(oktaUser);
    assertThat(store.find(OKTA, ObjectRef.group("x"))).contains(oktaGroup);
    assertThat(store.find(SLACK, ObjectRef.user("x"))).contains(slackUser);
    assertThat(store.find(SLACK, ObjectRef.group("x"))).isEmpty();
  }

  @Test
  void findByRemoteIdReturnsTheLinkedConnection_onlyForThatProviderAndKind() {
    Connection alice = synced(OKTA, ObjectRef.user("alice"), "r-1", T0);
    store.save(alice);

    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-1")).contains(alice);
    assertThat(store.findByRemoteId(OKTA, ObjectKind.GROUP, "r-1")).isEmpty();
    assertThat(store.findByRemoteId(SLACK, ObjectKind.USER, "r-1")).isEmpty();
    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "R-1")).isEmpty();
  }

  @Test
  void saveThrowsRemoteIdTaken_whenAnotherObjectOfTheSameKindHoldsIt_andWritesNothing() {
    Connection alice = synced(OKTA, ObjectRef.user("alice"), "r-1", T0);
    Connection bobBefore = Connection.pending(OKTA, ObjectRef.user("bob"), T0);
    store.save(alice);
    store.save(bobBefore);

    assertThatThrownBy(() -> store.save(synced(OKTA, ObjectRef.user("bob"), "r-1", T0)))
        .isInstanceOfSatisfying(RemoteIdTakenException.class, e -> {
          assertThat(e.heldBy()).isEqualTo("alice");
          assertThat(e.requestedBy()).isEqualTo("bob");
          assertThat(e.remoteId()).isEqualTo("r-1");
          assertThat(e.provider()).isEqualTo(OKTA);
          assertThat(e.kind()).isEqualTo(ObjectKind.USER);
        })
        .hasMessageContaining("'alice'").hasMessageContaining("'bob'");

    assertThat(store.find(OKTA, ObjectRef.user("bob"))).contains(bobBefore);
    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-1")).contains(alice);
  }

  @Test
  void saveThrowsRemoteIdTaken_andCreatesNothing_whenObjectHadNoConnection() {
    store.save(synced(OKTA, ObjectRef.group("eng"), "r-1", T0));

    assertThatThrownBy(() -> store.save(synced(OKTA, ObjectRef.group("ops"), "r-1", T0)))
        .isInstanceOf(RemoteIdTakenException.class);

    assertThat(store.find(OKTA, ObjectRef.group("ops"))).isEmpty();
  }

  @Test
  void acceptsTheSameRemoteId_forAnotherKindOrProvider() {
    store.save(synced(OKTA, ObjectRef.user("alice"), "r-1", T0));

    store.save(synced(OKTA, ObjectRef.group("eng"), "r-1", T0));
    store.save(synced(SLACK, ObjectRef.user("bob"), "r-1", T0));

    assertThat(store.findByRemoteId(OKTA, ObjectKind.GROUP, "r-1")).map(c -> c.object().localId())
        .contains("eng");
    assertThat(store.findByRemoteId(SLACK, ObjectKind.USER, "r-1")).map(c -> c.object().localId())
        .contains("bob");
  }

  @Test
  void savingTheSameRemoteIdAgain_forTheSameObjectIsFine() {
    store.save(synced(OKTA, ObjectRef.user("alice"), "r-1", T0));
    Connection again = synced(OKTA, ObjectRef.user("alice"), "r-1", T0.plusSeconds(5));

    store.save(again);

    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-1")).contains(again);
  }

  @Test
  void changingTheRemoteId_freesTheOldOne() {
    store.save(synced(OKTA, ObjectRef.user("alice"), "r-old", T0));

    store.save(synced(OKTA, ObjectRef.user("alice"), "r-new", T0));
    store.save(synced(OKTA, ObjectRef.user("bob"), "r-old", T0));

    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-new"))
        .map(c -> c.object().localId()).contains("alice");
    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-old"))
        .map(c -> c.object().localId()).contains("bob");
  }

  @Test
  void clearingTheRemoteId_freesIt() {
    store.save(synced(OKTA, ObjectRef.user("alice"), "r-1", T0));

    store.save(Connection.pending(OKTA, ObjectRef.user("alice"), T0));

    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-1")).isEmpty();
    store.save(synced(OKTA, ObjectRef.user("bob"), "r-1", T0));
  }

  @Test
  void removeDeletesTheConnection_andFreesItsRemoteId() {
    store.save(synced(OKTA, ObjectRef.user("alice"), "r-1", T0));

    assertThat(store.remove(OKTA, ObjectRef.user("alice"))).isTrue();

    assertThat(store.find(OKTA, ObjectRef.user("alice"))).isEmpty();
    assertThat(store.findByRemoteId(OKTA, ObjectKind.USER, "r-1")).isEmpty();
    store.save(synced(OKTA, ObjectRef.user("bob"), "r-1", T0));
  }

  @Test
  void removeReturnsFalse_whenThereIsNoConnection() {
    store.save(synced(OKTA, ObjectRef.user("alice"), "r-1", T0));

    assertThat(store.remove(OKTA, ObjectRef.group("alice"))).isFalse();
    assertThat(store.remove(SLACK, ObjectRef.user("alice"))).isFalse();
    assertThat(store.find(OKTA, ObjectRef.user("alice"))).isPresent();
  }

  @Test
  void listPagesThroughEveryConnectionOnce_inLocalIdOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      String id = String.format("g%03d", (i * 7) % 23);
      ids.add(id);
      store.save(Connection.pending(OKTA, ObjectRef.group(id), T0));
    }
    store.save(Connection.pending(OKTA, ObjectRef.user("g005x"), T0));
    store.save(Connection.pending(SLACK, ObjectRef.group("g005y"), T0));

    List<String> seen = new ArrayList<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<Connection> page = store.list(OKTA, ObjectKind.GROUP, after, 5);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page.size()).isLessThanOrEqualTo(5);
      page.forEach(c -> seen.add(c.object().localId()));
      after = Optional.of(page.get(page.size() - 1).object().localId());
    }

    assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
  }

  @Test
  void listOrdersByCodePoint_notByLocaleOrUtf16() {
    List<String> ids = List.of("a", "B", "a-b", "ab", "a_b", "é", "\uFB01", "\uD83D\uDE00", "Z");
    ids.forEach(id -> store.save(Connection.pending(OKTA, ObjectRef.user(id), T0)));

    assertThat(store.list(OKTA, ObjectKind.USER, Optional.empty(), 100))
        .extracting(c -> c.object().localId())
        .containsExactly("B", "Z", "a", "a-b", "a_b", "ab", "é", "\uFB01", "\uD83D\uDE00");
    assertThat(store.list(OKTA, ObjectKind.USER, Optional.of("\uFB01"), 100))
        .extracting(c -> c.object().localId())
        .containsExactly("\uD83D\uDE00");
  }

  @Test
  void listReturnsNothing_forAProviderWithoutConnections() {
    assertThat(store.list(OKTA, ObjectKind.USER, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void countByStatusCountsTheProvidersConnections_withZeroForEveryOtherStatus() {
    store.save(Connection.pending(OKTA, ObjectRef.user("a"), T0));
    store.save(synced(OKTA, ObjectRef.user("b"), "r-b", T0));
    store.save(synced(OKTA, ObjectRef.group("c"), "r-c", T0));
    store.save(synced(SLACK, ObjectRef.group("c"), "r-c", T0));

    assertThat(store.countByStatus(OKTA)).containsExactlyInAnyOrderEntriesOf(Map.of(
        SyncStatus.PENDING, 1L, SyncStatus.SYNCED, 2L, SyncStatus.FAILED, 0L,
        SyncStatus.WAITING, 0L, SyncStatus.CREATE_SENT, 0L));
    assertThat(store.countByStatus("nobody")).containsOnlyKeys(SyncStatus.values())
        .allSatisfy((status, count) -> assertThat(count).isZero());
  }

  @Test
  void findAllReturnsTheConnectionsOfTheGivenIds_ofThatKindAndProviderOnly() {
    store.save(synced(OKTA, ObjectRef.user("a"), "r-a", T0));
    store.save(synced(OKTA, ObjectRef.user("b"), "r-b", T0));
    store.save(synced(OKTA, ObjectRef.group("a"), "r-ga", T0));
    store.save(synced(SLACK, ObjectRef.user("c"), "r-c", T0));

    assertThat(store.findAll(OKTA, ObjectKind.USER, List.of("a", "c", "zz")))
        .containsOnlyKeys("a")
        .hasEntrySatisfying("a", c -> assertThat(c.remoteId()).contains("r-a"));
    assertThat(store.findAll(OKTA, ObjectKind.USER, List.of())).isEmpty();
  }

  @Test
  void countByStatusOfAKind_countsOnlyThatKind() {
    store.save(Connection.pending(OKTA, ObjectRef.user("a"), T0));
    store.save(synced(OKTA, ObjectRef.user("b"), "r-b", T0));
    store.save(synced(OKTA, ObjectRef.group("c"), "r-c", T0));
    store.save(synced(SLACK, ObjectRef.user("d"), "r-d", T0));

    assertThat(store.countByStatus(OKTA, ObjectKind.USER)).containsExactlyInAnyOrderEntriesOf(
        Map.of(SyncStatus.PENDING, 1L, SyncStatus.SYNCED, 1L, SyncStatus.FAILED, 0L,
            SyncStatus.WAITING, 0L, SyncStatus.CREATE_SENT, 0L));
    assertThat(store.countByStatus(OKTA, ObjectKind.GROUP)).containsEntry(SyncStatus.SYNCED, 1L)
        .containsEntry(SyncStatus.PENDING, 0L);
  }

  @Test
  void failedReturnsTheProvidersFailedConnections_mostRecentlyUpdatedFirst() {
    store.save(failed(OKTA, ObjectRef.user("old"), T0));
    store.save(failed(OKTA, ObjectRef.group("newest"), T0.plusSeconds(20)));
    store.save(failed(OKTA, ObjectRef.user("newer"), T0.plusSeconds(10)));
    store.save(synced(OKTA, ObjectRef.user("fine"), "r-fine", T0.plusSeconds(30)));
    store.save(failed(SLACK, ObjectRef.user("elsewhere"), T0.plusSeconds(40)));

    assertThat(store.failed(OKTA, 10)).extracting(c -> c.object().localId())
        .containsExactly("newest", "newer", "old");
    assertThat(store.failed(OKTA, 2)).extracting(c -> c.object().localId())
        .containsExactly("newest", "newer");
    assertThat(store.failed(OKTA, 1).get(0).lastError())
        .contains("POST /Users: 400 invalidValue: bad email");
    assertThat(store.failed(OKTA, 1).get(0).lastErrorStatus()).hasValue(400);
  }

  @Test
  void removeProviderRemovesOnlyItsConnections_andReturnsHowMany() {
    store.save(synced(OKTA, ObjectRef.user("alice"), "r-1", T0));
    store.save(synced(OKTA, ObjectRef.group("eng"), "r-2", T0));
    store.save(synced(SLACK, ObjectRef.user("alice"), "r-1", T0));

    assertThat(store.removeProvider(OKTA)).isEqualTo(2);

    assertThat(store.find(OKTA, ObjectRef.user("alice"))).isEmpty();
    assertThat(store.findByRemoteId(OKTA, ObjectKind.GROUP, "r-2")).isEmpty();
    assertThat(store.find(SLACK, ObjectRef.user("alice"))).isPresent();
    assertThat(store.removeProvider(OKTA)).isZero();
  }

  @Test
  void rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> store.list(OKTA, ObjectKind.USER, Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.failed(OKTA, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Connection synced(String provider, ObjectRef object, String remoteId,
                                   Instant at) {
    return new Connection(provider, object, Optional.of(remoteId),
        JsonValues.object("displayName", object.localId()),
        object.kind() == ObjectKind.GROUP ? Optional.of(Set.of()) : Optional.empty(),
        Optional.empty(), SyncStatus.SYNCED, 0, Optional.empty(), Optional.empty(),
        OptionalInt.empty(), at);
  }

  private static Connection failed(String provider, ObjectRef object, Instant at) {
    return new Connection(provider, object, Optional.empty(), Map.of(), Optional.empty(),
        Optional.empty(), SyncStatus.FAILED, 1, Optional.empty(),
        Optional.of("POST /Users: 400 invalidValue: bad email"), OptionalInt.of(400), at);
  }
}
