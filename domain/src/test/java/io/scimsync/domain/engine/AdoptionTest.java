package io.scimsync.domain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.engine.Adoption.Adopt;
import io.scimsync.domain.engine.Adoption.Ambiguity;
import io.scimsync.domain.engine.Adoption.Decisions;
import io.scimsync.domain.engine.Adoption.GroupCandidate;
import io.scimsync.domain.engine.Adoption.MatchedBy;
import io.scimsync.domain.engine.Adoption.UserCandidate;
import io.scimsync.domain.model.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdoptionTest {

  @Nested
  class Groups {

    @Test
    void adoptsGroup_whenDisplayNameMatchesOneLocalGroupExactly() {
      Map<String, Object> remote = group("r1", "eng");

      Decisions decisions = Adoption.groups(List.of(remote, group("r2", "ops")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions())
          .containsExactly(new Adopt("r1", "l1", MatchedBy.DISPLAY_NAME, remote));
      assertThat(decisions.unmatched()).isEqualTo(1);
      assertThat(decisions.ambiguities()).isEmpty();
    }

    @Test
    void doesNotAdopt_whenDisplayNameDiffersOnlyInCase() {
      Decisions decisions = Adoption.groups(List.of(group("r1", "Eng")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.unmatched()).isEqualTo(1);
    }

    @Test
    void matchesTheMappedDisplayName_notTheLocalName() {
      LocalGroup localGroup = LocalGroup.of("l1", "eng", Set.of());

      Decisions decisions = Adoption.groups(List.of(group("r1", "acme-eng")),
          List.of(new GroupCandidate(localGroup.id(), "acme-" + localGroup.name())), Set.of(),
          Set.of());

      assertThat(decisions.adoptions()).extracting(Adopt::localId).containsExactly("l1");
    }

    @Test
    void prefersExternalIdMatch_overNameMatch_W16() {
      Map<String, Object> remote = group("r1", "eng", "l2");

      Decisions decisions = Adoption.groups(List.of(remote),
          List.of(local("l1", "eng"), local("l2", "engineering")), Set.of(), Set.of());

      assertThat(decisions.adoptions())
          .containsExactly(new Adopt("r1", "l2", MatchedBy.EXTERNAL_ID, remote));
    }

    @Test
    void fallsBackToName_whenExternalIdNamesNoCandidate() {
      // externalId set by another provisioning system, not by us
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng", "azure-42")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).extracting(Adopt::localId, Adopt::matchedBy)
          .containsExactly(tuple("l1", MatchedBy.DISPLAY_NAME));
    }

    @Test
    void reportsAmbiguity_insteadOfTakingFirst_whenTwoRemoteGroupsShareTheName_W16() {
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng"), group("r2", "eng")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.ambiguities()).containsExactly(
          new Ambiguity(MatchedBy.DISPLAY_NAME, List.of("eng"), List.of("r1", "r2"),
              List.of("l1")));
    }

    @Test
    void reportsAmbiguity_whenTwoLocalGroupsMapToTheSameName_W16() {
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng")),
          List.of(local("l1", "eng"), local("l2", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.ambiguities()).containsExactly(
          new Ambiguity(MatchedBy.DISPLAY_NAME, List.of("eng"), List.of("r1"),
              List.of("l1", "l2")));
    }

    @Test
    void reportsAmbiguity_whenTwoRemoteGroupsCarryTheSameExternalId() {
      Decisions decisions = Adoption.groups(
          List.of(group("r1", "eng", "l1"), group("r2", "eng-copy", "l1")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.ambiguities()).containsExactly(
          new Ambiguity(MatchedBy.EXTERNAL_ID, List.of("l1"), List.of("r1", "r2"),
              List.of("l1")));
    }

    @Test
    void withholdsContestedObjects_fromLaterRules() {
      // l1 is contested by externalId, so r3's name match must not win it either
      Decisions decisions = Adoption.groups(
          List.of(group("r1", "a", "l1"), group("r2", "b", "l1"), group("r3", "eng")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.ambiguities()).hasSize(1);
      assertThat(decisions.unmatched()).isEqualTo(1);
    }

    @Test
    void neverAdoptsRemoteGroupAlreadyLinked() {
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng")),
          List.of(local("l1", "eng")), Set.of("r1"), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.alreadyLinked()).isEqualTo(1);
    }

    @Test
    void neverAdoptsForLocalGroupAlreadyLinked() {
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng")),
          List.of(local("l1", "eng")), Set.of(), Set.of("l1"));

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.unmatched()).isEqualTo(1);
    }

    @Test
    void ignoresLinkedRemoteGroup_whenCountingNameCandidates() {
      // r1 is ours already (linked to l9); r2 is the only unclaimed "eng"
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng"), group("r2", "eng")),
          List.of(local("l1", "eng")), Set.of("r1"), Set.of("l9"));

      assertThat(decisions.adoptions()).extracting(Adopt::remoteId).containsExactly("r2");
    }

    @Test
    void reportsDuplicate_whenExternalIdNamesAnAlreadyLinkedLocalGroup() {
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng"), group("r2", "eng", "l1")),
          List.of(local("l1", "eng"), local("l2", "eng")), Set.of("r1"), Set.of("l1"));

      assertThat(decisions.duplicatesOfLinked()).containsExactly("r2");
      assertThat(decisions.adoptions()).isEmpty();
    }

    @Test
    void skipsAndCountsMalformedResources() {
      Decisions decisions = Adoption.groups(List.of(
              JsonValues.object("displayName", "eng"),
              JsonValues.object("id", "r2"),
              JsonValues.object("id", " ", "displayName", "ops"),
              JsonValues.object("id", 42, "displayName", "eng")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.malformed()).isEqualTo(3);
      assertThat(decisions.adoptions()).extracting(Adopt::remoteId).containsExactly("42");
    }

    @Test
    void countsRemoteGroupOnce_whenPagingServedItTwice() {
      Decisions decisions = Adoption.groups(List.of(group("r1", "eng"), group("r1", "eng")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).extracting(Adopt::remoteId).containsExactly("r1");
      assertThat(decisions.ambiguities()).isEmpty();
    }

    @Test
    void readsAttributeNamesIgnoringCase() {
      Decisions decisions = Adoption.groups(
          List.of(JsonValues.object("ID", "r1", "displayname", "eng")),
          List.of(local("l1", "eng")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).extracting(Adopt::remoteId).containsExactly("r1");
    }

    @Test
    void rejectsLocalIdListedTwice() {
      assertThatThrownBy(() -> Adoption.groups(List.of(),
          List.of(local("l1", "eng"), local("l1", "ops")), Set.of(), Set.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> group(String id, String displayName) {
      return JsonValues.object("id", id, "displayName", displayName);
    }

    private static Map<String, Object> group(String id, String displayName, String externalId) {
      return JsonValues.object("id", id, "externalId", externalId, "displayName", displayName);
    }

    private static GroupCandidate local(String id, String displayName) {
      return GroupCandidate.of(LocalGroup.of(id, displayName, Set.of()));
    }
  }

  @Nested
  class Users {

    @Test
    void adoptsUser_whenUserNameMatchesExactly() {
      Map<String, Object> remote = user("r1", "bob", null);

      Decisions decisions = Adoption.users(List.of(remote),
          List.of(local("l1", "bob", null), local("l2", "robert", null)), Set.of(), Set.of());

      assertThat(decisions.adoptions())
          .containsExactly(new Adopt("r1", "l1", MatchedBy.USER_NAME, remote));
    }

    @Test
    void prefersExternalId_overUserName_W16() {
      Map<String, Object> remote = user("r1", "bob", "l2", "bob@example.com");

      Decisions decisions = Adoption.users(List.of(remote),
          List.of(local("l1", "bob", "bob@example.com"), local("l2", "robert", "robert@x.org")),
          Set.of(), Set.of());

      assertThat(decisions.adoptions())
          .containsExactly(new Adopt("r1", "l2", MatchedBy.EXTERNAL_ID, remote));
    }

    @Test
    void prefersUserName_overEmail() {
      Decisions decisions = Adoption.users(List.of(user("r1", "bob", null, "shared@x.org")),
          List.of(local("l1", "bob", null), local("l2", "robert", "shared@x.org")),
          Set.of(), Set.of());

      assertThat(decisions.adoptions()).extracting(Adopt::localId, Adopt::matchedBy)
          .containsExactly(tuple("l1", MatchedBy.USER_NAME));
    }

    @Test
    void doesNotAdopt_whenUserNameDiffersOnlyInCase() {
      Decisions decisions = Adoption.users(List.of(user("r1", "Bob", null)),
          List.of(local("l1", "bob", null)), Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
    }

    @Test
    void adoptsByEmail_ignoringCase_whenAnyRemoteEmailMatches() {
      Map<String, Object> remote = user("r1", "b.smith", null, "b.smith@old.org",
          "Bob.Smith@Example.COM");

      Decisions decisions = Adoption.users(List.of(remote),
          List.of(local("l1", "bob", "bob.smith@example.com")), Set.of(), Set.of());

      assertThat(decisions.adoptions())
          .containsExactly(new Adopt("r1", "l1", MatchedBy.EMAIL, remote));
    }

    @Test
    void reportsAmbiguity_whenTwoLocalUsersShareTheEmail_W16() {
      Decisions decisions = Adoption.users(List.of(user("r1", "shared", null, "team@x.org")),
          List.of(local("l1", "alice", "team@x.org"), local("l2", "bob", "TEAM@x.org")),
          Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.ambiguities()).containsExactly(new Ambiguity(MatchedBy.EMAIL,
          List.of("team@x.org"), List.of("r1"), List.of("l1", "l2")));
    }

    @Test
    void reportsAmbiguity_whenOneRemoteUsersEmailsMatchTwoLocalUsers_W16() {
      // each e-mail alone looks one-to-one; together they pull r1 towards two people
      Decisions decisions = Adoption.users(
          List.of(user("r1", "shared", null, "alice@x.org", "bob@x.org")),
          List.of(local("l1", "alice", "alice@x.org"), local("l2", "bob", "bob@x.org")),
          Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.ambiguities()).containsExactly(new Ambiguity(MatchedBy.EMAIL,
          List.of("alice@x.org", "bob@x.org"), List.of("r1"), List.of("l1", "l2")));
    }

    @Test
    void reportsAmbiguity_whenTwoRemoteUsersHaveTheSameUserName() {
      Decisions decisions = Adoption.users(
          List.of(user("r1", "bob", null), user("r2", "bob", null)),
          List.of(local("l1", "bob", null)), Set.of(), Set.of());

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.ambiguities()).extracting(Ambiguity::remoteIds)
          .containsExactly(List.of("r1", "r2"));
    }

    @Test
    void skipsUserWithoutUserName_asMalformed() {
      Decisions decisions = Adoption.users(
          List.of(JsonValues.object("id", "r1", "emails",
              List.of(JsonValues.object("value", "bob@x.org")))),
          List.of(local("l1", "bob", "bob@x.org")), Set.of(), Set.of());

      assertThat(decisions.malformed()).isEqualTo(1);
      assertThat(decisions.adoptions()).isEmpty();
    }

    @Test
    void ignoresMalformedEmailEntries() {
      Map<String, Object> remote = JsonValues.object("id", "r1", "userName", "b",
          "emails", List.of("bob@x.org", JsonValues.object("type", "work"),
              JsonValues.object("value", "bob@x.org")));

      Decisions decisions = Adoption.users(List.of(remote),
          List.of(local("l1", "bob", "bob@x.org")), Set.of(), Set.of());

      assertThat(decisions.adoptions()).extracting(Adopt::matchedBy)
          .containsExactly(MatchedBy.EMAIL);
    }

    @Test
    void neverAdoptsForLinkedObjects() {
      Decisions decisions = Adoption.users(
          List.of(user("r1", "bob", null), user("r2", "alice", null)),
          List.of(local("l1", "bob", null), local("l2", "alice", null)),
          Set.of("r1"), Set.of("l2"));

      assertThat(decisions.adoptions()).isEmpty();
      assertThat(decisions.alreadyLinked()).isEqualTo(1);
      assertThat(decisions.unmatched()).isEqualTo(1);
    }

    @Test
    void buildsCandidateFromLocalUser_withDefaultMapping() {
      LocalUser user = new LocalUser("l1", "bob", Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.of("bob@x.org"), true, Map.of());

      assertThat(UserCandidate.of(user))
          .isEqualTo(new UserCandidate("l1", "bob", Optional.of("bob@x.org")));
    }

    private static Map<String, Object> user(String id, String userName, String externalId,
                                            String... emails) {
      return JsonValues.object("id", id, "externalId", externalId, "userName", userName,
          "emails", List.of(emails).stream().map(e -> JsonValues.object("value", e)).toList());
    }

    private static UserCandidate local(String id, String userName, String email) {
      return new UserCandidate(id, userName, Optional.ofNullable(email));
    }
  }
}
