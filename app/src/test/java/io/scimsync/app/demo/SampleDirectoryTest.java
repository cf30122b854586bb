package io.scimsync.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleDirectoryTest {
  private final List<SampleDirectory.User> users = SampleDirectory.users();
  private final List<SampleDirectory.Group> groups = SampleDirectory.groups();

  @Test
  void hasFiftyUsersWithUniqueIdsUserNamesAndEmails() {
    assertThat(users).hasSize(50);
    assertThat(users).extracting(SampleDirectory.User::id).doesNotHaveDuplicates();
    assertThat(users).extracting(u -> u.userName().toLowerCase()).doesNotHaveDuplicates();
    assertThat(users).extracting(SampleDirectory.User::email).doesNotHaveDuplicates()
        .allMatch(e -> e.matches("[a-z0-9.-]+@example\\.com"), "plain ASCII addresses");
  }

  @Test
  void includesTheNamesThatBreakNaiveClients() {
    assertThat(users).extracting(SampleDirectory.User::userName).contains("conor.o'brien");
    assertThat(users).extracting(SampleDirectory.User::displayName)
        .contains("Robert \"Bob\" Smith", "José García", "Zoë Müller");
    assertThat(groups).extracting(SampleDirectory.Group::name).contains("R&D \"Labs\"");
  }

  @Test
  void hasSixGroupsWhoseMembersAllExist() {
    Set<String> ids = users.stream().map(SampleDirectory.User::id).collect(Collectors.toSet());

    assertThat(groups).extracting(SampleDirectory.Group::name).containsExactly("Engineering",
        "Sales", "Support", "Admins", "R&D \"Labs\"", "Everyone");
    assertThat(groups).allSatisfy(g -> {
      assertThat(g.members()).isNotEmpty().doesNotHaveDuplicates();
      assertThat(ids).containsAll(g.members());
    });
    assertThat(groups.get(5).members()).hasSize(50);
  }

  @Test
  void foldsNamesToAsciiForUserNames() {
    assertThat(SampleDirectory.ascii("Søren")).isEqualTo("soren");
    assertThat(SampleDirectory.ascii("Ó Súilleabháin")).isEqualTo("o-suilleabhain");
    assertThat(SampleDirectory.ascii("Nguyễn")).isEqualTo("nguyen");
    assertThat(SampleDirectory.ascii("Kateřina")).isEqualTo("katerina");
  }
}
