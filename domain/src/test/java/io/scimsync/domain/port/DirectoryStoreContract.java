package io.scimsync.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.model.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DirectoryStore} has, including what it marks in its
 * {@link ChangeFeed}. Subclasses supply an empty directory that marks changes for the given
 * providers, and that feed.
 */
public abstract class DirectoryStoreContract {
  protected static final String OKTA = "okta";
  protected static final String SLACK = "slack";
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  /** A directory under test and the feed it marks its changes in. */
  public record DirectoryUnderTest(DirectoryStore directory, ChangeFeed feed) {
    public DirectoryUnderTest {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(feed, "feed");
    }
  }

  private DirectoryStore directory;
  private ChangeFeed feed;

  /** A new, empty directory that marks every change for each of {@code providers}, and its feed. */
  protected abstract DirectoryUnderTest newDirectory(Set<String> providers);

  @BeforeEach
  void createDirectory() {
    DirectoryUnderTest underTest = newDirectory(Set.of(OKTA, SLACK));
    directory = underTest.directory();
    feed = underTest.feed();
  }

  @Test
  void findReturnsEmpty_whenThereIsNoSuchObject() {
    assertThat(directory.findUser("alice")).isEmpty();
    assertThat(directory.findGroup("eng")).isEmpty();
  }

  @Test
  void putUserCreatesThenReplaces_andReportsUnchangedForAnEqualUser() {
    LocalUser alice = LocalUser.of("alice", "alice@example.com");
    LocalUser renamed = LocalUser.of("alice", "alice.smith@example.com");

    assertThat(directory.putUser(alice)).isEqualTo(PutResult.CREATED);
    assertThat(directory.putUser(renamed)).isEqualTo(PutResult.REPLACED);
    assertThat(directory.putUser(LocalUser.of("alice", "alice.smith@example.com")))
        .isEqualTo(PutResult.UNCHANGED);

    assertThat(directory.findUser("alice")).contains(renamed);
  }

  @Test
  void findUserReturnsEveryFieldAsPut() {
    LocalUser alice = new LocalUser("alice", "alice@example.com", Optional.of("Alice Smith"),
        Optional.of("Alice"), Optional.of("Smith"), Optional.of("alice@example.com"), false,
        JsonValues.object("title", "Engineer",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            JsonValues.object("department", "R&D", "employeeNumber", "701984")));

    directory.putUser(alice);

    assertThat(directory.findUser("alice")).contains(alice);
  }

  @Test
  void putUserMarksTheUserDirty_forEveryProvider() {
    directory.putUser(LocalUser.of("alice", "alice"));

    assertThat(drain(OKTA)).containsExactly(ObjectRef.user("alice"));
    assertThat(drain(SLACK)).containsExactly(ObjectRef.user("alice"));

    directory.putUser(LocalUser.of("alice", "alice2"));

    assertThat(drain(OKTA)).containsExactly(ObjectRef.user("alice"));
  }

  @Test
  void unchangedPutMarksNothing() {
    directory.putUser(LocalUser.of("alice", "alice"));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    drain(OKTA);
    drain(SLACK);

    assertThat(directory.putUser(LocalUser.of("alice", "alice"))).isEqualTo(PutResult.UNCHANGED);
    assertThat(directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice"))))
        .isEqualTo(PutResult.UNCHANGED);

    assertThat(feed.pending(OKTA)).isZero();
    assertThat(feed.pending(SLACK)).isZero();
  }

  @Test
  void putUserKeepsItsGroupMemberships() {
    directory.putUser(LocalUser.of("alice", "alice"));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));

    directory.putUser(LocalUser.of("alice", "alice2"));

    assertThat(directory.groupsOf("alice")).containsExactly("eng");
    assertThat(directory.findGroup("eng").orElseThrow().memberIds()).containsExactly("alice");
  }

  @Test
  void deleteUserRemovesTheUser_andReturnsFalseWhenThereIsNone() {
    directory.putUser(LocalUser.of("alice", "alice"));

    assertThat(directory.deleteUser("alice")).isTrue();
    assertThat(directory.findUser("alice")).isEmpty();
    drain(OKTA);

    assertThat(directory.deleteUser("alice")).isFalse();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void deleteUserRemovesItFromEveryGroup_andMarksTheUserAndThoseGroupsDirty() {
    putUsers("alice", "bob");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice", "bob")));
    directory.putGroup(LocalGroup.of("ops", "Operations", Set.of("alice")));
    directory.putGroup(LocalGroup.of("sales", "Sales", Set.of("bob")));
    drain(OKTA);
    drain(SLACK);

    directory.deleteUser("alice");

    assertThat(directory.findGroup("eng").orElseThrow().memberIds()).containsExactly("bob");
    assertThat(directory.findGroup("ops").orElseThrow().memberIds()).isEmpty();
    assertThat(directory.groupsOf("alice")).isEmpty();
    assertThat(drain(OKTA)).containsExactlyInAnyOrder(
        ObjectRef.user("alice"), ObjectRef.group("eng"), ObjectRef.group("ops"));
    assertThat(drain(SLACK)).hasSize(3);
  }

  @Test
  void putGroupCreatesThenReplaces_andMarksTheGroupDirty() {
    putUsers("alice", "bob");
    drain(OKTA);

    assertThat(directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice"))))
        .isEqualTo(PutResult.CREATED);
    assertThat(drain(OKTA)).containsExactly(ObjectRef.group("eng"));

    LocalGroup replaced = new LocalGroup("eng", "Engineering", Set.of("bob"),
        JsonValues.object("urn:example:ext", JsonValues.object("costCenter", "42")));
    assertThat(directory.putGroup(replaced)).isEqualTo(PutResult.REPLACED);
    assertThat(drain(OKTA)).containsExactly(ObjectRef.group("eng"));

    assertThat(directory.findGroup("eng")).contains(replaced);
    assertThat(directory.groupsOf("alice")).isEmpty();
    assertThat(directory.groupsOf("bob")).containsExactly("eng");
  }

  @Test
  void putGroupMarksOnlyTheGroup_notItsMembers() {
    putUsers("alice");
    drain(OKTA);

    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));

    assertThat(drain(OKTA)).containsExactly(ObjectRef.group("eng"));
  }

  @Test
  void putGroupRejectsUnknownMembers_namingThem_andWritesNothing() {
    putUsers("alice");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    drain(OKTA);

    assertThatThrownBy(() -> directory.putGroup(
        LocalGroup.of("eng", "Renamed", Set.of("alice", "ghost", "phantom"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghost").hasMessageContaining("phantom")
        .hasMessageNotContaining("alice");
    assertThatThrownBy(() -> directory.putGroup(LocalGroup.of("ops", "Ops", Set.of("ghost"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghost");

    assertThat(directory.findGroup("eng"))
        .contains(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    assertThat(directory.findGroup("ops")).isEmpty();
    assertThat(directory.findUser("ghost")).isEmpty();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void deleteGroupRemovesItButNotItsMembers_andMarksTheGroupDirty() {
    putUsers("alice");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    drain(OKTA);

    assertThat(directory.deleteGroup("eng")).isTrue();

    assertThat(directory.findGroup("eng")).isEmpty();
    assertThat(directory.findUser("alice")).isPresent();
    assertThat(directory.groupsOf("alice")).isEmpty();
    assertThat(drain(OKTA)).containsExactly(ObjectRef.group("eng"));
    assertThat(directory.deleteGroup("eng")).isFalse();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void changeMembersAddsAndRemoves_andReturnsTheGroupAfter() {
    putUsers("alice", "bob", "carol");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice", "bob")));

    Optional<LocalGroup> changed =
        directory.changeMembers("eng", Set.of("carol"), Set.of("alice"));

    LocalGroup expected = LocalGroup.of("eng", "Engineering", Set.of("bob", "carol"));
    assertThat(changed).contains(expected);
    assertThat(directory.findGroup("eng")).contains(expected);
    assertThat(directory.groupsOf("alice")).isEmpty();
    assertThat(directory.groupsOf("carol")).containsExactly("eng");
  }

  @Test
  void changeMembersMarksTheGroupDirty_notTheUsers() {
    putUsers("alice", "bob");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    drain(OKTA);
    drain(SLACK);

    directory.changeMembers("eng", Set.of("bob"), Set.of("alice"));

    assertThat(drain(OKTA)).containsExactly(ObjectRef.group("eng"));
    assertThat(drain(SLACK)).containsExactly(ObjectRef.group("eng"));
  }

  @Test
  void changeMembersCoalescesInTheFeed_manyChangesToOneGroupMakeOneEntry() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add("u" + i);
    }
    putUsers(ids.toArray(String[]::new));
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of()));
    drain(OKTA);

    ids.forEach(id -> directory.changeMembers("eng", Set.of(id), Set.of()));

    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(directory.findGroup("eng").orElseThrow().memberIds()).hasSize(50);
  }

  @Test
  void changeMembersIgnoresPresentAdds_andAbsentRemoves_andMarksNothingWhenNothingChanged() {
    putUsers("alice", "bob");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    drain(OKTA);

    Optional<LocalGroup> same =
        directory.changeMembers("eng", Set.of("alice"), Set.of("bob", "nobody"));

    assertThat(same).contains(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void changeMembersReturnsEmpty_whenThereIsNoSuchGroup() {
    putUsers("alice");
    drain(OKTA);

    assertThat(directory.changeMembers("nope", Set.of("alice"), Set.of())).isEmpty();

    assertThat(directory.findGroup("nope")).isEmpty();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void changeMembersRejectsUnknownUsersToAdd_namingThem_andWritesNothing() {
    putUsers("alice", "bob");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    drain(OKTA);

    assertThatThrownBy(
        () -> directory.changeMembers("eng", Set.of("bob", "ghost"), Set.of("alice")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghost").hasMessageNotContaining("bob");

    assertThat(directory.findGroup("eng").orElseThrow().memberIds()).containsExactly("alice");
    assertThat(directory.groupsOf("bob")).isEmpty();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void changeMembersRejectsAnIdBothAddedAndRemoved_andWritesNothing() {
    putUsers("alice", "bob");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice")));
    drain(OKTA);

    assertThatThrownBy(() -> directory.changeMembers("eng", Set.of("bob"), Set.of("bob", "alice")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bob");

    assertThat(directory.findGroup("eng").orElseThrow().memberIds()).containsExactly("alice");
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void groupsOfReturnsEveryGroupOfTheUser_andEmptyForAnUnknownUser() {
    putUsers("alice", "bob");
    directory.putGroup(LocalGroup.of("eng", "Engineering", Set.of("alice", "bob")));
    directory.putGroup(LocalGroup.of("ops", "Operations", Set.of("alice")));
    directory.putGroup(LocalGroup.of("sales", "Sales", Set.of("bob")));

    assertThat(directory.groupsOf("alice")).containsExactlyInAnyOrder("eng", "ops");
    assertThat(directory.groupsOf("nobody")).isEmpty();
  }

  @Test
  void usersPagesThroughEveryUserOnce_inIdOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      ids.add(String.format("u%03d", (i * 11) % 37));
    }
    putUsers(ids.toArray(String[]::new));

    List<String> seen = new ArrayList<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<LocalUser> page = directory.users(after, 10);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page.size()).isLessThanOrEqualTo(10);
      page.forEach(u -> seen.add(u.id()));
      after = Optional.of(page.get(page.size() - 1).id());
    }

    assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
  }

  @Test
  void groupsPagesThroughEveryGroupOnce_inIdOrder_withTheirMembers() {
    putUsers("alice");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = String.format("g%02d", (i * 5) % 12 + 100);
      ids.add(id);
      directory.putGroup(LocalGroup.of(id, "Group " + id, Set.of("alice")));
    }

    List<LocalGroup> seen = new ArrayList<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<LocalGroup> page = directory.groups(after, 5);
      if (page.isEmpty()) {
        break;
      }
      seen.addAll(page);
      after = Optional.of(page.get(page.size() - 1).id());
    }

    assertThat(seen).extracting(LocalGroup::id)
        .containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(seen).allSatisfy(g -> assertThat(g.memberIds()).containsExactly("alice"));
  }

  @Test
  void pagesOrderIdsByCodePoint_notByLocaleOrUtf16() {
    putUsers("a", "B", "a-b", "ab", "é", "\uFB01", "\uD83D\uDE00");

    assertThat(directory.users(Optional.empty(), 100)).extracting(LocalUser::id)
        .containsExactly("B", "a", "a-b", "ab", "é", "\uFB01", "\uD83D\uDE00");
    assertThat(directory.users(Optional.of("a-b"), 2)).extracting(LocalUser::id)
        .containsExactly("ab", "é");
  }

  @Test
  void pagesAreEmpty_forAnEmptyDirectory_orAfterTheLastId() {
    putUsers("alice");

    assertThat(directory.groups(Optional.empty(), 10)).isEmpty();
    assertThat(directory.users(Optional.of("alice"), 10)).isEmpty();
    assertThat(directory.users(Optional.of("zzz"), 10)).isEmpty();
  }

  @Test
  void rejectsNonPositivePageLimits() {
    assertThatThrownBy(() -> directory.users(Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> directory.groups(Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void putUsers(String... ids) {
    for (String id : ids) {
      directory.putUser(LocalUser.of(id, id + "@example.com"));
    }
  }

  /** Everything marked for {@code provider} since the last drain, acknowledged. */
  private Set<ObjectRef> drain(String provider) {
    List<Claim> claims = feed.claim(provider, 10_000, Duration.ofMinutes(1), T0);
    claims.forEach(feed::acknowledge);
    assertThat(feed.pending(provider)).isZero();
    return claims.stream().map(Claim::object).collect(Collectors.toSet());
  }
}
