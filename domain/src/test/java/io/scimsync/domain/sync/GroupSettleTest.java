package io.scimsync.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupSettleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectRef ENG = ObjectRef.group("eng");

  private final GroupSettle settle = new GroupSettle();

  private static Claim claim(ObjectRef object, long generation) {
    return new Claim("okta", object, generation, 1, T0.plusSeconds(60));
  }

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void aSingleChangeToAQuietGroup_runsAtOnce() {
    assertThat(settle.holdUntil(claim(ENG, 1), T0)).isEmpty();
  }

  @Test
  void usersAreNeverHeld() {
    assertThat(settle.holdUntil(claim(ObjectRef.user("alice"), 40), T0)).isEmpty();
  }

  @Test
  void aBurst_isHeldWhileItGoesOn_thenRunsOnceQuiet() {
    // claimed with generation 3: it changed three times before the first claim
    assertThat(settle.holdUntil(claim(ENG, 3), at(0))).contains(at(250));
    // still changing at each return
    assertThat(settle.holdUntil(claim(ENG, 40), at(250))).contains(at(500));
    assertThat(settle.holdUntil(claim(ENG, 90), at(500))).contains(at(750));
    // quiet for a whole window: it runs, with everything that arrived
    assertThat(settle.holdUntil(claim(ENG, 90), at(750))).isEmpty();
  }

  @Test
  void aGroupThatNeverStopsChanging_runsAfterTheLongestHold() {
    long generation = 2;
    Optional<Instant> until = settle.holdUntil(claim(ENG, generation), T0);
    Instant now = T0;
    int holds = 0;
    while (until.isPresent()) {
      now = until.get();
      generation += 10;
      until = settle.holdUntil(claim(ENG, generation), now);
      holds++;
    }
    assertThat(now).isEqualTo(T0.plus(GroupSettle.MAX_HOLD));
    assertThat(holds).isEqualTo(20);
  }

  @Test
  void aGroupWrittenAMomentAgo_waitsForTheRestOfTheWindow_evenForOneChange() {
    settle.written(ENG, at(0));
    assertThat(settle.holdUntil(claim(ENG, 1), at(100))).contains(at(350));
    assertThat(settle.holdUntil(claim(ENG, 1), at(350))).isEmpty();
    // long after its write, a single change runs at once again
    settle.written(ENG, at(400));
    assertThat(settle.holdUntil(claim(ENG, 1), at(700))).isEmpty();
  }

  @Test
  void expire_forgetsWhatNoLongerMatters() {
    settle.written(ENG, at(0));
    settle.holdUntil(claim(ObjectRef.group("ops"), 5), at(0));
    assertThat(settle.tracked()).isEqualTo(2);
    settle.expire(T0.plus(GroupSettle.MAX_HOLD).plus(Duration.ofSeconds(1)));
    assertThat(settle.tracked()).isZero();
  }
}
