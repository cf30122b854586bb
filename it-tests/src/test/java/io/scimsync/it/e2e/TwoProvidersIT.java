package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.store.ResourceStore.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two providers at once: a target that fails never holds back the other one. */
class TwoProvidersIT extends EndToEnd {

  enum Failure { ANSWERS_500, STOPPED }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(Failure.class)
  void convergesTheHealthyProvider_whileTheOtherTargetFails(Failure failure) {
    FakeScimServer healthy = server(Vendor.RFC);
    FakeScimServer broken = server(Vendor.AWS);
    if (failure == Failure.ANSWERS_500) {
      broken.inject(Faults.onAny("/**").status(500).always());
    } else {
      stop(broken);
    }
    String a = directory.user("a", "a");
    String b = directory.user("b", "b");
    String c = directory.user("c", "c");
    String group = directory.group("g", "G", List.of(a, b));

    String failing = provider(Vendor.AWS, broken);
    String working = provider(Vendor.RFC, healthy);
    converged(working);
    Remote.of(healthy).assertMirrors(directory);
    assertThat(healthy.recorder().count("POST", "/Users")).isEqualTo(3);
    assertThat(healthy.recorder().count("POST", "/Groups")).isEqualTo(1);
    assertThat(healthy.recorder().count("PATCH", "/Groups/{id}")).isEqualTo(1);

    // a later change reaches the healthy target too, with one request
    Counts step = Counts.of(healthy);
    directory.changeMembers(group, List.of(c), List.of(a));
    converged(working);
    Remote.of(healthy).assertMirrors(directory);
    assertThat(step.since()).isEqualTo(Map.of("PATCH /Groups/{id}", 1L));

    JsonNode status = admin.status(failing);
    assertThat(status.path("pending").asLong()).as("failing provider: %s", status)
        .isGreaterThan(0);
    assertThat(admin.call("GET", "/healthz", null).status()).isEqualTo(200);
    if (failure == Failure.ANSWERS_500) {
      assertThat(broken.requests()).isNotEmpty();
      assertThat(broken.store().size(Kind.USERS)).isZero();
    }
  }
}
