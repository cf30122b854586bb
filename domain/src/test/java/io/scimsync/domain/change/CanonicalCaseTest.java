package io.scimsync.domain.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalCaseTest {
  private static final Map<String, Object> SENT = Map.of(
      "userName", "Alice",
      "externalId", "U-1",
      "emails", List.of(Map.of("value", "Alice@Example.com", "type", "work")),
      "name", Map.of("givenName", "Alice"));

  @Test
  void theTargetsSpellingOfWhatWasWritten_isTakenAsWritten() {
    Map<String, Object> remote = Map.of(
        "userName", "alice",
        "emails", List.of(Map.of("value", "alice@example.com", "type", "WORK")),
        "name", Map.of("givenName", "ALICE"));
    assertThat(CanonicalCase.align(remote, SENT, SENT))
        .containsEntry("userName", "Alice")
        .containsEntry("emails", SENT.get("emails"))
        .containsEntry("name", SENT.get("name"));
  }

  @Test
  void caseExactAttributes_andOtherDifferences_stayDrift() {
    Map<String, Object> remote = Map.of(
        "externalId", "u-1",
        "emails", List.of(Map.of("value", "bob@example.com", "type", "work")),
        "name", Map.of("givenName", "Alice", "familyName", "Smith"));
    Map<String, Object> aligned = CanonicalCase.align(remote, SENT, SENT);
    assertThat(aligned).isEqualTo(remote);
  }

  @Test
  void aChangeOfCaseMadeLocally_isNotHiddenByTheTarget() {
    Map<String, Object> written = Map.of("userName", "alice");
    Map<String, Object> remote = Map.of("userName", "alice");
    assertThat(CanonicalCase.align(remote, Map.of("userName", "Alice"), written))
        .containsEntry("userName", "alice");
  }
}
