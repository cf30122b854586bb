package io.scimsync.adapters.scim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON for the wire: renders the domain's plain values exactly as they are (ordered maps, no
 * nulls: the domain never hands out a null), and reads replies back into plain values
 * ({@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Long}/{@code Integer},
 * {@code Double}, {@code Boolean}) that the domain reads leniently.
 *
 * <p>One nesting limit both ways ({@link TransportSettings#maxReplyDepth()}): Jackson's parser
 * stops at it before its own recursive reading, or the domain's walkers, see anything deeper; and a
 * body deeper than it is not sent, since the target's answer, which echoes the resource, could not
 * be read back.
 */
final class JsonCodec {
  private final ObjectMapper mapper;
  private final int maxDepth;

  JsonCodec(int maxDepth) {
    this.maxDepth = maxDepth;
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(maxDepth).build())
        .build();
    this.mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** The nesting limit, in levels of objects and arrays. */
  int maxDepth() {
    return maxDepth;
  }

  /**
   * The value as JSON.
   *
   * @throws IllegalArgumentException saying why it cannot be ({@code nested too deep (more than 64
   *     levels)}), without the value
   */
  byte[] render(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(isNestingLimit(e)
          ? "nested too deep (more than " + maxDepth + " levels)"
          : "not renderable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  String renderText(Object value) {
    return new String(render(value), StandardCharsets.UTF_8);
  }

  /**
   * The parsed value; {@link IOException} when the bytes are not one JSON value or nest deeper
   * than the limit ({@link #isNestingLimit} tells which).
   */
  Object parse(byte[] bytes) throws IOException {
    return mapper.readValue(bytes, Object.class);
  }

  /** Whether {@code failure} is Jackson refusing to read or write past the nesting limit. */
  static boolean isNestingLimit(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // Jackson has one exception type for every stream constraint; the message says which
      if (t instanceof StreamConstraintsException && String.valueOf(t.getMessage())
          .contains("nesting depth")) {
        return true;
      }
    }
    return false;
  }
}
