package io.scimsync.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.testkit.fault.Trigger.Always;
import io.scimsync.testkit.fault.Trigger.FirstN;
import io.scimsync.testkit.fault.Trigger.NthMatch;
import io.scimsync.testkit.fault.Trigger.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerTest {

  @Test
  void alwaysFiresOnEveryMatch() {
    assertThat(LongStream.rangeClosed(1, 1000).allMatch(new Always()::fires)).isTrue();
  }

  @Test
  void nthMatchFiresOnlyOnTheNthMatch() {
    assertThat(firing(new NthMatch(3), 100)).containsExactly(3L);
  }

  @Test
  void firstNFiresOnTheFirstNMatchesThenNever() {
    assertThat(firing(new FirstN(2), 100)).containsExactly(1L, 2L);
  }

  @Test
  void rateGivesTheSameDecisions_forTheSameSeed() {
    assertThat(firing(new Rate(0.3, 42), 10_000)).isEqualTo(firing(new Rate(0.3, 42), 10_000));
  }

  @Test
  void rateGivesOtherDecisions_forAnotherSeed() {
    assertThat(firing(new Rate(0.3, 42), 10_000)).isNotEqualTo(firing(new Rate(0.3, 43), 10_000));
  }

  @Test
  void rateFiresRoughlyInProportion_overManyMatches() {
    // deterministic for this seed: the bound documents "roughly 10%", it cannot flake
    assertThat(firing(new Rate(0.1, 42), 10_000)).hasSizeBetween(900, 1100);
    assertThat(firing(new Rate(0.5, 7), 10_000)).hasSizeBetween(4800, 5200);
  }

  @Test
  void rateOfZeroNeverFiresAndRateOfOneAlwaysFires() {
    assertThat(firing(new Rate(0.0, 1), 10_000)).isEmpty();
    assertThat(firing(new Rate(1.0, 1), 10_000)).hasSize(10_000);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsProbabilityOutside0To1(double probability) {
    assertThatThrownBy(() -> new Rate(probability, 0)).hasMessageContaining("probability must be 0..1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void rejectsCountsBelowOne(int n) {
    assertThatThrownBy(() -> new NthMatch(n)).hasMessageContaining("n must be >= 1");
    assertThatThrownBy(() -> new FirstN(n)).hasMessageContaining("n must be >= 1");
  }

  @Test
  void spellsItselfInTheCommandLineSyntax() {
    assertThat(new Always().spec()).isEqualTo("always");
    assertThat(new Rate(0.1, 7).spec()).isEqualTo("rate=0.1 seed=7");
    assertThat(new NthMatch(3).spec()).isEqualTo("nth=3");
    assertThat(new FirstN(2).spec()).isEqualTo("first=2");
  }

  private static List<Long> firing(Trigger trigger, long matches) {
    List<Long> fired = new ArrayList<>();
    for (long n = 1; n <= matches; n++) {
      if (trigger.fires(n)) {
        fired.add(n);
      }
    }
    return fired;
  }
}
