package io.scimsync.adapters.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for the wire: renders the domain's plain values exactly as they are (ordered maps, no
 * nulls: the domain never hands out a null), and reads replies back into plain values
 * ({@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Long}/{@code Integer},
 * {@code Double}, {@code Boolean}) that the domain reads leniently.
 */
final class JsonCodec {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonCodec() {}

  static byte[] render(Map<String, Object> body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body cannot be rendered as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String renderText(Map<String, Object> body) {
    return new String(render(body), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The parsed value; {@link IOException} when the bytes are not one JSON value. */
  static Object parse(byte[] bytes) throws IOException {
    return MAPPER.readValue(bytes, Object.class);
  }
}
