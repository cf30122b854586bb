package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void revealsTheValue_onlyThroughReveal() {
    Secret secret = Secret.of("s3cr3t-token");
    assertThat(secret.reveal()).isEqualTo("s3cr3t-token");
    assertThat(secret.toString()).isEqualTo("[REDACTED]");
    assertThat(String.valueOf(secret)).doesNotContain("s3cr3t");
    assertThat("token=" + secret).isEqualTo("token=[REDACTED]");
  }

  @Test
  void staysHidden_insideRecordsAndCollections() {
    record Credentials(String user, Secret password) {}
    String shown = new Credentials("alice", Secret.of("hunter2")) + " " + java.util.List.of(Secret.of("hunter2"));
    assertThat(shown).doesNotContain("hunter2").contains("[REDACTED]");
  }

  @Test
  void equalsByValue() {
    assertThat(Secret.of("abc")).isEqualTo(Secret.of("abc")).hasSameHashCodeAs(Secret.of("abc"));
    assertThat(Secret.of("abc")).isNotEqualTo(Secret.of("abd")).isNotEqualTo(Secret.of("abcd"));
    assertThat(Secret.of("abc")).isNotEqualTo("abc");
  }

  @Test
  void refusesBlank_withoutEchoingTheValue() {
    assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secret.of(" \t ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret must not be blank");
  }
}
