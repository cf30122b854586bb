package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.DirectoryStoreContract;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.PutResult;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JooqDirectoryStoreTest extends DirectoryStoreContract {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  private static TestDatabase db;
  private static DSLContext dsl;

  @BeforeAll
  static void openDatabase() {
    db = TestDatabase.create();
    dsl = db.dsl();
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @Override
  protected DirectoryUnderTest newDirectory(Set<String> providers) {
    dsl.execute("TRUNCATE change_feed, directory_membership, directory_group, directory_user, "
        + "provider");
    providers.forEach(JooqDirectoryStoreTest::addProvider);
    return new DirectoryUnderTest(new JooqDirectoryStore(dsl), new JooqChangeFeed(dsl));
  }

  private static void addProvider(String name) {
    OffsetDateTime now = OffsetDateTime.now();
    dsl.insertInto(PROVIDER)
        .set(PROVIDER.NAME, name)
        .set(PROVIDER.BASE_URL, "https://" + name + ".example.com/scim/v2")
        .set(PROVIDER.AUTH_TYPE, "bearer")
        .set(PROVIDER.CREATED_AT, now)
        .set(PROVIDER.UPDATED_AT, now)
        .execute();
  }

  @Test
  void writeAndItsMarksRollBackTogether_whenMarkingFails() {
    JooqDirectoryStore directory = new JooqDirectoryStore(dsl);
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    directory.putUser(LocalUser.of("bob", "bob"));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("bob")));
    feed.acknowledge(feed.claim(OKTA, 100, LEASE, T0));
    feed.acknowledge(feed.claim(SLACK, 100, LEASE, T0));
    // a real failure inside the marking statement, after the directory write in the same
    // transaction: the database rejects every mark for provider "broken"
    dsl.execute("CREATE FUNCTION reject_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "RAISE EXCEPTION 'mark rejected for %', NEW.provider; END $$");
    dsl.execute("CREATE TRIGGER reject_mark BEFORE INSERT OR UPDATE ON change_feed FOR EACH ROW "
        + "WHEN (NEW.provider = 'broken') EXECUTE FUNCTION reject_mark()");
    addProvider("broken");
    try {
      assertThatThrownBy(() -> directory.putUser(LocalUser.of("alice", "alice")))
          .isInstanceOf(DataAccessException.class).hasMessageContaining("mark rejected");
      assertThatThrownBy(() -> directory.deleteUser("bob"))
          .isInstanceOf(DataAccessException.class);
      assertThatThrownBy(() -> directory.changeMembers("eng", Set.of(), Set.of("bob")))
          .isInstanceOf(DataAccessException.class);

      assertThat(directory.findUser("alice")).isEmpty();
      assertThat(directory.findUser("bob")).isPresent();
      assertThat(directory.findGroup("eng").orElseThrow().memberIds()).containsExactly("bob");
      // the marks of the other providers were in the same statement, and are gone too
      assertThat(feed.pending(OKTA)).isZero();
      assertThat(feed.pending(SLACK)).isZero();
    } finally {
      dsl.execute("DROP TRIGGER reject_mark ON change_feed");
      dsl.execute("DROP FUNCTION reject_mark()");
      dsl.deleteFrom(PROVIDER).where(PROVIDER.NAME.eq("broken")).execute();
    }

    // the same writes commit with their marks once marking works
    assertThat(directory.putUser(LocalUser.of("alice", "alice"))).isEqualTo(PutResult.CREATED);
    assertThat(directory.deleteUser("bob")).isTrue();
    assertThat(feed.claim(OKTA, 100, LEASE, T0)).extracting(Claim::object)
        .containsExactlyInAnyOrder(ObjectRef.user("alice"), ObjectRef.user("bob"),
            ObjectRef.group("eng"));
  }

  @Test
  void changeArrivingDuringProcessing_survivesTheAcknowledgement() {
    JooqDirectoryStore directory = new JooqDirectoryStore(dsl);
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    directory.putUser(LocalUser.of("alice", "alice"));
    Claim syncing = feed.claim(OKTA, 10, LEASE, T0).get(0);

    // while the worker syncs the old state, the user changes
    directory.putUser(LocalUser.of("alice", "alice.smith"));

    assertThat(feed.acknowledge(syncing)).isFalse();
    List<Claim> again = feed.claim(OKTA, 10, LEASE, T0);
    assertThat(again).extracting(Claim::object).containsExactly(ObjectRef.user("alice"));
    assertThat(again.get(0).generation()).isGreaterThan(syncing.generation());
    assertThat(feed.acknowledge(again.get(0))).isTrue();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void marksForTheProvidersInTheDatabaseAtTheTimeOfEachWrite() {
    JooqDirectoryStore directory = new JooqDirectoryStore(dsl);
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    directory.putUser(LocalUser.of("alice", "alice"));

    addProvider("azure");
    directory.putUser(LocalUser.of("bob", "bob"));

    assertThat(feed.claim("azure", 10, LEASE, T0)).extracting(Claim::object)
        .containsExactly(ObjectRef.user("bob"));
    assertThat(feed.pending(OKTA)).isEqualTo(2);
  }

  @Test
  void putReportsUnchanged_forEqualAttributesInAnotherKeyOrder() {
    JooqDirectoryStore directory = new JooqDirectoryStore(dsl);
    LocalUser user = new LocalUser("alice", "alice", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), true,
        JsonValues.object("title", "Engineer", "level", 3, "tags", List.of("a", "b")));
    directory.putUser(user);

    LocalUser reordered = new LocalUser("alice", "alice", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), true,
        JsonValues.object("tags", List.of("a", "b"), "level", 3, "title", "Engineer"));

    assertThat(directory.putUser(reordered)).isEqualTo(PutResult.UNCHANGED);
    assertThat(directory.findUser("alice").orElseThrow().attributes())
        .isEqualTo(Map.of("title", "Engineer", "level", 3, "tags", List.of("a", "b")));
  }

  @Test
  void putGroupReportsReplaced_whenOnlyItsMembersChanged() {
    JooqDirectoryStore directory = new JooqDirectoryStore(dsl);
    directory.putUser(LocalUser.of("alice", "alice"));
    directory.putUser(LocalUser.of("bob", "bob"));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));

    assertThat(directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice", "bob"))))
        .isEqualTo(PutResult.REPLACED);
    assertThat(directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of())))
        .isEqualTo(PutResult.REPLACED);
    assertThat(directory.findGroup("eng").orElseThrow().memberIds()).isEmpty();
  }
}
