package io.scimsync.adapters.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimsync.domain.model.JsonValues;
import java.util.Map;
import org.jooq.JSONB;

/**
 * JSONB columns to and from the domain's plain JSON values ({@link JsonValues}: maps, lists,
 * strings, numbers, booleans). PostgreSQL's {@code jsonb} keeps neither key order nor duplicate
 * keys, so a map read back equals the one written ({@link Map#equals} ignores order) but may
 * iterate in another order. Numbers come back as Jackson reads them: Integer, Long or BigInteger
 * for integers, Double for the rest.
 */
final class JsonColumns {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private JsonColumns() {}

  /** The object as a JSONB value; null values are dropped (as {@link JsonValues} does). */
  static JSONB toJsonb(Map<String, ?> object) {
    try {
      return JSONB.valueOf(MAPPER.writeValueAsString(JsonValues.copyObject(object)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The JSONB object as an immutable plain map; SQL NULL or JSON null is the empty map. */
  static Map<String, Object> toMap(JSONB jsonb) {
    if (jsonb == null || jsonb.data() == null) {
      return Map.of();
    }
    try {
      Map<String, Object> read = MAPPER.readValue(jsonb.data(), OBJECT);
      return read == null ? Map.of() : JsonValues.copyObject(read);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSONB column does not hold a JSON object: "
          + e.getOriginalMessage(), e);
    }
  }
}
