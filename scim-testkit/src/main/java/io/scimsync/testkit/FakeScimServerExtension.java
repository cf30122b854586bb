package io.scimsync.testkit;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 lifecycle for a {@link FakeScimServer}. As a static field the server starts once for
 * the class and is {@link FakeScimServer#reset() reset} before each test; as an instance field it
 * starts and stops around each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeScimServerExtension scim = FakeScimServerExtension.with(ServerProfile.AWS);
 *
 * @Test
 * void createsTheGroup() {
 *   myClient(scim.baseUrl()).createGroup("Engineering");
 *   assertThat(scim.server().recorder().count("POST", "/Groups")).isEqualTo(1);
 * }
 * }</pre>
 */
public final class FakeScimServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final UnaryOperator<FakeScimServer.Builder> options;
  private FakeScimServer server;
  private boolean perClass;

  private FakeScimServerExtension(UnaryOperator<FakeScimServer.Builder> options) {
    this.options = options;
  }

  public static FakeScimServerExtension with(ServerProfile profile) {
    Objects.requireNonNull(profile, "profile");
    return new FakeScimServerExtension(builder -> builder.profile(profile));
  }

  /** Full control over the server's options, e.g. {@code b -> b.profile(AWS).token("t")}. */
  public static FakeScimServerExtension with(UnaryOperator<FakeScimServer.Builder> options) {
    return new FakeScimServerExtension(Objects.requireNonNull(options, "options"));
  }

  /** The running server; only inside a test or a lifecycle method. */
  public FakeScimServer server() {
    if (server == null) {
      throw new IllegalStateException("the fake SCIM server runs only while a test runs");
    }
    return server;
  }

  public String baseUrl() {
    return server().baseUrl();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    server = options.apply(FakeScimServer.builder()).start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perClass) {
      server.reset();
    } else {
      server = options.apply(FakeScimServer.builder()).start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }
}
