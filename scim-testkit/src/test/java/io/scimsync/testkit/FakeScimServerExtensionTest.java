package io.scimsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension: one server for the class, reset before each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeScimServerExtensionTest {
  @RegisterExtension
  static final FakeScimServerExtension scim = FakeScimServerExtension.with(ServerProfile.WEBEX);

  private static int port;

  @Test
  @Order(1)
  void startsTheServerBeforeTheTests() {
    port = scim.server().port();
    ScimClient client = new ScimClient(scim.baseUrl());
    assertThat(client.post("/Users", ScimClient.user("alice")).status()).isEqualTo(201);
    assertThat(scim.server().profile().name()).isEqualTo("webex");
  }

  @Test
  @Order(2)
  void keepsTheServer_butResetsItBeforeEachTest() {
    assertThat(scim.server().port()).isEqualTo(port);
    assertThat(scim.server().state().get("users")).isEmpty();
    assertThat(scim.server().requests()).isEmpty();
  }
}
