package io.scimsync.domain.model;

import java.util.Map;
import java.util.Optional;

/**
 * One entry of a group's {@code members} (RFC 7643 §4.2): {@code value} is the member's remote id.
 * {@code type} is "User" or "Group" by the RFC; some targets require it (Webex wants "user").
 */
public record Member(String value, Optional<String> type, Optional<String> display,
                     Optional<String> ref) {
  public Member {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("member value must not be blank");
    }
    type = type.filter(t -> !t.isBlank());
    display = display.filter(d -> !d.isBlank());
    ref = ref.filter(r -> !r.isBlank());
  }

  public static Member of(String value) {
    return new Member(value, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Member of(String value, Optional<String> type) {
    return new Member(value, type, Optional.empty(), Optional.empty());
  }

  public Map<String, Object> toMap() {
    return JsonValues.object("value", value, "type", type, "display", display, "$ref", ref);
  }

  /**
   * Reads a member leniently: a numeric {@code value} becomes a string; anything without a usable
   * value is absent rather than an error, so one malformed member cannot fail a whole read (W17).
   */
  public static Optional<Member> fromMap(Object raw) {
    if (!(raw instanceof Map<?, ?> map)) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> member = (Map<String, Object>) map;
    return JsonValues.string(JsonValues.getIgnoreCase(member, "value")).map(value -> new Member(
        value,
        JsonValues.string(JsonValues.getIgnoreCase(member, "type")),
        JsonValues.string(JsonValues.getIgnoreCase(member, "display")),
        JsonValues.string(JsonValues.getIgnoreCase(member, "$ref"))));
  }
}
