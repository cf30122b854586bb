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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FaultRuleTest {

  private static final Optional<String> ANY = Optional.empty();

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("PATCH /Groups/* status=503 retry-after=2 nth=3",
            new FaultRule(Optional.of("PATCH"), "/Groups/*",
                new Status(503, Optional.of(Duration.ofSeconds(2))), new NthMatch(3))),
        Arguments.of("* /** latency=50ms",
            new FaultRule(ANY, "/**", new Latency(Duration.ofMillis(50)), new Always())),
        Arguments.of("POST /Users drop",
            new FaultRule(Optional.of("POST"), "/Users", new DropConnection(), new Always())),
        Arguments.of("GET /Groups html=502 rate=0.1 seed=7",
            new FaultRule(Optional.of("GET"), "/Groups", new Html(502), new Rate(0.1, 7))),
        Arguments.of("* /Users truncated first=2",
            new FaultRule(ANY, "/Users", new TruncatedBody(), new FirstN(2))),
        Arguments.of("GET /Users huge=20MB",
            new FaultRule(Optional.of("GET"), "/Users", new HugeBody(20L << 20), new Always())),
        Arguments.of("POST /Groups invalid-json",
            new FaultRule(Optional.of("POST"), "/Groups", new InvalidJson(200), new Always())),
        Arguments.of("DELETE * invalid-json=500 nth=1",
            new FaultRule(Optional.of("DELETE"), "*", new InvalidJson(500), new NthMatch(1))),
        Arguments.of("GET /Users/* deep=10000 first=1", new FaultRule(Optional.of("GET"),
            "/Users/*", new FaultAction.DeepJson(10_000), new FirstN(1))),
        Arguments.of("PUT /Groups/** status=409",
            new FaultRule(Optional.of("PUT"), "/Groups/**", new Status(409), new Always())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void parsesTheCommandLineSyntax(String spec, FaultRule expected) {
    assertThat(FaultRule.parse(spec)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void printsTheSameSyntaxBack(String spec, FaultRule rule) {
    assertThat(rule.toString()).isEqualTo(spec);
    assertThat(FaultRule.parse(rule.toString())).isEqualTo(rule);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("equivalentSpellings")
  void parsesOtherSpellingsToTheCanonicalOne(String spec, String canonical) {
    FaultRule rule = FaultRule.parse(spec);
    assertThat(rule.toString()).isEqualTo(canonical);
    assertThat(FaultRule.parse(canonical)).isEqualTo(rule);
  }

  static Stream<Arguments> equivalentSpellings() {
    return Stream.of(
        Arguments.of("patch /Groups/* nth=3 status=503", "PATCH /Groups/* status=503 nth=3"),
        Arguments.of("  GET   /Users   LATENCY=2000ms  ALWAYS ", "GET /Users latency=2s"),
        Arguments.of("* /Users latency=120s", "* /Users latency=2m"),
        Arguments.of("* /Users latency=1500us", "* /Users latency=1500us"),
        Arguments.of("* /Users latency=3000000ns", "* /Users latency=3ms"),
        Arguments.of("* /Users status=429 retry-after=5s", "* /Users status=429 retry-after=5"),
        Arguments.of("* /Users huge=1024kb", "* /Users huge=1MB"),
        Arguments.of("* /Users huge=1000", "* /Users huge=1000B"),
        Arguments.of("* /Users drop rate=0.25", "* /Users drop rate=0.25 seed=0"),
        Arguments.of("* /Users invalid-json=200", "* /Users invalid-json"));
  }

  @Test
  void roundTripsRulesBuiltInJava() {
    Stream.of(
        Faults.on("PATCH", "/Groups/*").status(503).retryAfter(Duration.ofSeconds(2)).onNthMatch(3),
        Faults.onAny("/**").latency(Duration.ofNanos(1_234_567)).always(),
        Faults.onAny("/**").latency(Duration.ofSeconds(90)).firstTimes(4),
        Faults.on("get", "/Users").hugeBody(12_345).atRate(1.0E-4, -9),
        Faults.on("POST", "/Users").invalidJson(502).always()
    ).forEach(rule -> assertThat(FaultRule.parse(rule.toString())).isEqualTo(rule));
  }

  @Test
  void matchesMethodCaseInsensitivelyAndPathByGlob() {
    FaultRule rule = FaultRule.parse("PATCH /Groups/* drop");

    assertThat(rule.matches("PATCH", "/Groups/42")).isTrue();
    assertThat(rule.matches("patch", "/Groups/42?excludedAttributes=members")).isTrue();
    assertThat(rule.matches("PUT", "/Groups/42")).isFalse();
    assertThat(rule.matches("PATCH", "/Groups")).isFalse();
  }

  @Test
  void matchesAnyMethod_whenMethodIsEmptyOrStar() {
    assertThat(FaultRule.parse("* /Users drop").matches("DELETE", "/Users")).isTrue();
    FaultRule star = new FaultRule(Optional.of("*"), "/Users", new DropConnection(), new Always());
    assertThat(star.method()).isEmpty();
    assertThat(star.matches("GET", "/Users")).isTrue();
  }

  @Test
  void normalisesMethodToUpperCase() {
    FaultRule rule = new FaultRule(Optional.of("patch"), "/Users", new DropConnection(), new Always());
    assertThat(rule.method()).contains("PATCH");
  }

  @Test
  void rejectsBadComponents() {
    assertThatThrownBy(() -> new FaultRule(Optional.of("PA TCH"), "/Users", new DropConnection(),
        new Always())).hasMessageContaining("not an HTTP method");
    assertThatThrownBy(() -> new FaultRule(ANY, "Users", new DropConnection(), new Always()))
        .hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> new FaultRule(ANY, "/Users", null, new Always()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new FaultRule(ANY, "/Users", new DropConnection(), null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void rejectsEmptySpec_withTheSyntax(String spec) {
    assertThatThrownBy(() -> FaultRule.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("empty fault rule")
        .hasMessageContaining(FaultRule.SYNTAX);
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of("P@TCH /Users drop", "P@TCH", "not an HTTP method"),
        Arguments.of("PATCH Groups drop", "Groups", "must start with '/'"),
        Arguments.of("GET /Users?x=1 drop", "/Users?x=1", "must not contain"),
        Arguments.of("GET /Users stauts=503", "stauts=503", "unknown option"),
        Arguments.of("GET /Users status=503 drop", "drop", "a second action after 'status=503'"),
        Arguments.of("GET /Users latency=5ms status=503", "status=503", "add a second rule"),
        Arguments.of("GET /Users drop nth=2 first=3", "first=3", "a second trigger after 'nth=2'"),
        Arguments.of("GET /Users status=abc", "status=abc", "not a number"),
        Arguments.of("GET /Users status=700", "status=700", "status must be 100..599"),
        Arguments.of("GET /Users status", "status", "needs a value"),
        Arguments.of("GET /Users status=", "status=", "needs a value"),
        Arguments.of("GET /Users drop retry-after=2", "retry-after=2", "only goes with status"),
        Arguments.of("GET /Users status=503 retry-after=soon", "retry-after=soon", "not a number"),
        Arguments.of("GET /Users status=503 retry-after=-1", "retry-after=-1", "must not be negative"),
        Arguments.of("GET /Users status=503 retry-after=1 retry-after=2", "retry-after=2", "twice"),
        Arguments.of("GET /Users latency=50", "latency=50", "not a duration"),
        Arguments.of("GET /Users latency=fast", "latency=fast", "not a duration"),
        Arguments.of("GET /Users latency=-5ms", "latency=-5ms", "not a duration"),
        Arguments.of("GET /Users drop=1", "drop=1", "takes no value"),
        Arguments.of("GET /Users truncated=yes", "truncated=yes", "takes no value"),
        Arguments.of("GET /Users drop always=1", "always=1", "takes no value"),
        Arguments.of("GET /Users html=oops", "html=oops", "not a number"),
        Arguments.of("GET /Users html=99", "html=99", "status must be 100..599"),
        Arguments.of("GET /Users invalid-json=1000", "invalid-json=1000", "status must be 100..599"),
        Arguments.of("GET /Users huge=20XB", "huge=20XB", "not a size"),
        Arguments.of("GET /Users huge=0", "huge=0", "bytes must be > 0"),
        Arguments.of("GET /Users huge=99999999999GB", "huge=99999999999GB", "size too large"),
        Arguments.of("GET /Users deep=lots", "deep=lots", "not a number"),
        Arguments.of("GET /Users deep=1", "deep=1", "levels must be 2.."),
        Arguments.of("GET /Users drop rate=often", "rate=often", "not a number"),
        Arguments.of("GET /Users drop rate=1.5", "rate=1.5", "probability must be 0..1"),
        Arguments.of("GET /Users drop rate=0.1 seed=x", "seed=x", "not a number"),
        Arguments.of("GET /Users drop seed=7", "seed=7", "seed only goes with rate"),
        Arguments.of("GET /Users drop rate=0.1 seed=1 seed=2", "seed=2", "twice"),
        Arguments.of("GET /Users drop nth=0", "nth=0", "n must be >= 1"),
        Arguments.of("GET /Users drop first=-1", "first=-1", "n must be >= 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void rejectsBadToken_namingItAndListingTheSyntax(String spec, String token, String reason) {
    assertThatThrownBy(() -> FaultRule.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad token '" + token + "' in fault rule \"" + spec + "\"")
        .hasMessageContaining(reason)
        .hasMessageContaining(FaultRule.SYNTAX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "GET /Users", "* /** nth=3"})
  void rejectsSpecWithoutPathOrAction(String spec) {
    assertThatThrownBy(() -> FaultRule.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad fault rule \"" + spec + "\": missing")
        .hasMessageContaining(FaultRule.SYNTAX);
  }
}
