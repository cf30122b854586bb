package io.scimsync.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimsync.testkit.fault.FaultAction.DropConnection;
import io.scimsync.testkit.fault.FaultAction.HugeBody;
import io.scimsync.testkit.fault.FaultAction.Html;
import io.scimsync.testkit.fault.FaultAction.InvalidJson;
import io.scimsync.testkit.fault.FaultAction.Latency;
import io.scimsync.testkit.fault.FaultAction.Status;
import io.scimsync.testkit.fault.FaultAction.TruncatedBody;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FaultActionTest {

  @Test
  void deepJson_isAScimUserNestingExactlyTheRequestedLevels() {
    assertThat(new String(new FaultAction.DeepJson(4).body(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"deep\","
            + "\"userName\":\"deep\",\"nested\":{\"a\":{\"a\":{}}}}");
    assertThat(new FaultAction.DeepJson(2).body()).asString().endsWith("\"nested\":{}}");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0, -3, FaultAction.DeepJson.MAX_LEVELS + 1})
  void deepJson_refusesLevelsOutOfRange(int levels) {
    assertThatThrownBy(() -> new FaultAction.DeepJson(levels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("levels must be 2.." + FaultAction.DeepJson.MAX_LEVELS + ", got " + levels);
  }

  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of(new Status(503), "status=503"),
        Arguments.of(new Status(429, Optional.of(Duration.ofSeconds(2))), "status=429 retry-after=2"),
        Arguments.of(new Latency(Duration.ofMillis(50)), "latency=50ms"),
        Arguments.of(new Latency(Duration.ofSeconds(2)), "latency=2s"),
        Arguments.of(new Latency(Duration.ofMinutes(3)), "latency=3m"),
        Arguments.of(new Latency(Duration.ofNanos(1500)), "latency=1500ns"),
        Arguments.of(new Latency(Duration.ofNanos(7000)), "latency=7us"),
        Arguments.of(new Latency(Duration.ZERO), "latency=0ms"),
        Arguments.of(new DropConnection(), "drop"),
        Arguments.of(new Html(502), "html=502"),
        Arguments.of(new TruncatedBody(), "truncated"),
        Arguments.of(new HugeBody(64 << 20), "huge=64MB"),
        Arguments.of(new HugeBody(3L << 30), "huge=3GB"),
        Arguments.of(new HugeBody(2048), "huge=2KB"),
        Arguments.of(new HugeBody(1000), "huge=1000B"),
        Arguments.of(new InvalidJson(), "invalid-json"),
        Arguments.of(new InvalidJson(500), "invalid-json=500"),
        Arguments.of(new FaultAction.DeepJson(10_000), "deep=10000"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("specs")
  void spellsItselfInTheCommandLineSyntax(FaultAction action, String spec) {
    assertThat(action.spec()).isEqualTo(spec);
  }

  @Test
  void onlyLatencyIsNonTerminal() {
    assertThat(new Latency(Duration.ofMillis(1)).terminal()).isFalse();
    assertThat(Stream.of(new Status(500), new DropConnection(), new Html(502), new TruncatedBody(),
        new HugeBody(10), new InvalidJson())).allMatch(FaultAction::terminal);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 99, 600, 1000})
  void rejectsStatusOutside100To599(int status) {
    assertThatThrownBy(() -> new Status(status)).hasMessageContaining("status must be 100..599");
    assertThatThrownBy(() -> new Html(status)).hasMessageContaining("status must be 100..599");
    assertThatThrownBy(() -> new InvalidJson(status)).hasMessageContaining("status must be 100..599");
  }

  @Test
  void acceptsStatusBounds() {
    assertThat(new Status(100).status()).isEqualTo(100);
    assertThat(new Status(599).status()).isEqualTo(599);
  }

  @Test
  void rejectsNegativeDurations() {
    assertThatThrownBy(() -> new Latency(Duration.ofMillis(-1)))
        .hasMessageContaining("delay must not be negative");
    assertThatThrownBy(() -> new Status(503, Optional.of(Duration.ofSeconds(-1))))
        .hasMessageContaining("retryAfter must not be negative");
  }

  @Test
  void rejectsRetryAfterTheHeaderCannotCarry_whenNotWholeSeconds() {
    assertThatThrownBy(() -> new Status(503, Optional.of(Duration.ofMillis(1500))))
        .hasMessageContaining("whole seconds");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void rejectsHugeBodyWithoutBytes(long bytes) {
    assertThatThrownBy(() -> new HugeBody(bytes)).hasMessageContaining("bytes must be > 0");
  }

  @ParameterizedTest
  @ValueSource(longs = {111, 112, 1000, 65_536, 1_000_003})
  void generatesHugeBodyOfExactlyTheSizeAsValidJson(long bytes) throws Exception {
    byte[] body = concat(new HugeBody(bytes).chunks(4096));

    assertThat(body).hasSize((int) bytes);
    JsonNode json = new ObjectMapper().readTree(body);
    assertThat(json.get("schemas").get(0).asText())
        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    assertThat(json.get("totalResults").asInt()).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 50, 110})
  void generatesSmallHugeBodyOfExactlyTheSize(long bytes) {
    assertThat(concat(new HugeBody(bytes).chunks(7))).hasSize((int) bytes);
  }

  @Test
  void generatesHugeBodyInChunksOfAtMostTheChunkSize() {
    Iterator<byte[]> chunks = new HugeBody(10_000).chunks(4096);
    assertThat(chunks.next()).hasSize(4096);
    assertThat(chunks.next()).hasSize(4096);
    assertThat(chunks.next()).hasSize(10_000 - 8192);
    assertThat(chunks.hasNext()).isFalse();
  }

  private static byte[] concat(Iterator<byte[]> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEachRemaining(out::writeBytes);
    return out.toByteArray();
  }
}
