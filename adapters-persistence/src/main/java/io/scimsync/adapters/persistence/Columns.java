package io.scimsync.adapters.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimsync.domain.model.JsonValues;
import java.util.Map;
import org.jooq.JSONB;

/**
 * Column conversions shared by the stores: JSONB to and from the domain's plain JSON values ({@link JsonValues}: maps, lists,
 * strings, numbers, booleans). PostgreSQL's {@code jsonb} keeps neither key order nor duplicate
 * keys, so a map read back equals the one written ({@link Map#equals} ignores order) but may
 * iterate in another order. Numbers come back as Jackson reads them: Integer, Long or BigInteger
 * for integers, Double for the rest.
 */
final class Columns {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** For columns whose readers want every integral number as a Long (the connection contract). */
  private static final ObjectMapper LONGS = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS).build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private Columns() {}

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

  /** Any value Jackson can write, as JSONB. */
  static JSONB write(Object value) {
    try {
      return JSONB.valueOf(LONGS.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A JSONB value read as {@code type}, integral numbers as Long; {@code table} names it in errors. */
  static <T> T read(JSONB json, TypeReference<T> type, String table) {
    try {
      return LONGS.readValue(json.data(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON in table " + table + ": "
          + e.getOriginalMessage(), e);
    }
  }

  /** PostgreSQL keeps microseconds: what is written is what is read back. */
  static java.time.OffsetDateTime timestamp(java.time.Instant instant) {
    return java.util.Objects.requireNonNull(instant, "instant")
        .truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(java.time.ZoneOffset.UTC);
  }
}
