package io.scimsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line of the standalone server. */
class FakeScimServerMainTest {

  @Test
  void startsTheServerTheArgumentsDescribe() {
    FakeScimServerMain.Configured configured = FakeScimServerMain.parse(new String[] {
        "--port", "0", "--profile", "aws", "--token", "t", "--latency", "5ms",
        "--fault", "PATCH /Groups/* status=503 retry-after=2 nth=3"});
    try (FakeScimServer server = configured.start()) {
      assertThat(server.profile().name()).isEqualTo("aws");
      assertThat(server.faults().rules()).hasSize(1);
      assertThat(new ScimClient(server.baseUrl()).get("/Users").status()).isEqualTo(401);
    }
  }

  @Test
  void parsesDurations() {
    assertThat(FakeScimServerMain.parseDuration("50ms")).isEqualTo(Duration.ofMillis(50));
    assertThat(FakeScimServerMain.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(FakeScimServerMain.parseDuration("75")).isEqualTo(Duration.ofMillis(75));
  }

  @Test
  void refusesBadArguments_namingThem() {
    assertThatThrownBy(() -> FakeScimServerMain.parse(new String[] {"--profile", "okta"}))
        .hasMessageContaining("okta");
    assertThatThrownBy(() -> FakeScimServerMain.parse(new String[] {"--port", "eighty"}))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> FakeScimServerMain.parse(new String[] {"--latency"}))
        .hasMessageContaining("--latency needs a value");
    assertThatThrownBy(() -> FakeScimServerMain.parse(new String[] {"--verbose", "x"}))
        .hasMessageContaining("unknown option --verbose");
    assertThatThrownBy(() -> FakeScimServerMain.parse(new String[] {"--fault", "GET /Users nonsense"}))
        .hasMessageContaining("nonsense");
  }
}
