package io.scimsync.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.testkit.fault.FaultAction.DropConnection;
import io.scimsync.testkit.fault.FaultAction.HugeBody;
import io.scimsync.testkit.fault.FaultAction.Html;
import io.scimsync.testkit.fault.FaultAction.InvalidJson;
import io.scimsync.testkit.fault.FaultAction.Latency;
import io.scimsync.testkit.fault.FaultAction.Status;
import io.scimsync.testkit.fault.FaultAction.TruncatedBody;
import io.scimsync.testkit.fault.Trigger.Always;
import io.scimsync.testkit.fault.Trigger.FirstN;
import io.scimsync.testkit.fault.Trigger.NthMatch;
import io.scimsync.testkit.fault.Trigger.Rate;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultsTest {

  @Test
  void buildsStatusWithRetryAfterOnNthMatch() {
    FaultRule rule = Faults.on("PATCH", "/Groups/*").status(503)
        .retryAfter(Duration.ofSeconds(2)).onNthMatch(3);

    assertThat(rule).isEqualTo(new FaultRule(Optional.of("PATCH"), "/Groups/*",
        new Status(503, Optional.of(Duration.ofSeconds(2))), new NthMatch(3)));
  }

  @Test
  void buildsEveryAction() {
    assertThat(Faults.onAny("/**").latency(Duration.ofMillis(50)).always().action())
        .isEqualTo(new Latency(Duration.ofMillis(50)));
    assertThat(Faults.onAny("/**").status(500).always().action()).isEqualTo(new Status(500));
    assertThat(Faults.onAny("/**").dropConnection().always().action()).isEqualTo(new DropConnection());
    assertThat(Faults.onAny("/**").html(502).always().action()).isEqualTo(new Html(502));
    assertThat(Faults.onAny("/**").truncatedBody().always().action()).isEqualTo(new TruncatedBody());
    assertThat(Faults.onAny("/**").hugeBody(64 << 20).always().action())
        .isEqualTo(new HugeBody(64 << 20));
    assertThat(Faults.onAny("/**").invalidJson().always().action()).isEqualTo(new InvalidJson(200));
    assertThat(Faults.onAny("/**").invalidJson(500).always().action()).isEqualTo(new InvalidJson(500));
  }

  @Test
  void buildsEveryTrigger() {
    assertThat(Faults.onAny("/Users").dropConnection().always().trigger()).isEqualTo(new Always());
    assertThat(Faults.onAny("/Users").dropConnection().atRate(0.1, 42).trigger())
        .isEqualTo(new Rate(0.1, 42));
    assertThat(Faults.onAny("/Users").dropConnection().onNthMatch(3).trigger())
        .isEqualTo(new NthMatch(3));
    assertThat(Faults.onAny("/Users").dropConnection().firstTimes(2).trigger())
        .isEqualTo(new FirstN(2));
  }

  @Test
  void onAnyMatchesEveryMethod() {
    assertThat(Faults.onAny("/Users").dropConnection().always().method()).isEmpty();
    assertThat(Faults.on("*", "/Users").dropConnection().always().method()).isEmpty();
    assertThat(Faults.on("delete", "/Users").dropConnection().always().method()).contains("DELETE");
  }

  @Test
  void failsWhereTheBadArgumentIsWritten() {
    assertThatThrownBy(() -> Faults.on("G ET", "/Users")).hasMessageContaining("not an HTTP method");
    assertThatThrownBy(() -> Faults.onAny("Users")).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> Faults.onAny("/Users").status(42)).hasMessageContaining("100..599");
    assertThatThrownBy(() -> Faults.onAny("/Users").status(503).retryAfter(Duration.ofMillis(10)))
        .hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> Faults.onAny("/Users").dropConnection().onNthMatch(0))
        .hasMessageContaining("n must be >= 1");
  }
}
