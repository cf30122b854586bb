package io.scimsync.domain.mapping;

import io.scimsync.domain.mapping.AttributePath.Kind;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps both mappers share, on a payload under construction: an ordered {@code LinkedHashMap}
 * tree of plain JSON values. Keys are matched ignoring case (RFC 7643 §2.1), and a matched key keeps
 * the spelling and position it was first written with, so defaults stay canonical.
 *
 * <p>The recursive steps ({@link #deepMerge}, the pruning in {@link #finish}) are bounded without a
 * check of their own: they walk a local object's attributes and the provider's overrides, which
 * {@code LocalUser}, {@code LocalGroup} and {@link AttributeOverrides} hold at most
 * {@link io.scimsync.domain.model.JsonDepth#LIMIT} levels deep; an override path puts its value at
 * most three levels down (extension, attribute, sub-attribute). {@link #finish} then copies the
 * result, which refuses anything deeper than the limit.
 */
final class Payloads {
  private Payloads() {}

  /** Fails on a top-level key of a local object's attributes that a mapping may not produce. */
  static void rejectUnusableKeys(Map<String, ?> attributes, Kind kind, String subject) {
    attributes.keySet().forEach(key -> {
      String reason = kind.unusableTopLevelKey(key);
      if (reason != null) {
        throw new IllegalArgumentException(subject + ": attribute '" + key + "' " + reason);
      }
    });
  }

  /** Merges {@code source} into {@code target}: objects recursively, any other value replaced. */
  @SuppressWarnings("unchecked")
  static void deepMerge(Map<String, Object> target, Map<String, ?> source) {
    source.forEach((key, value) -> {
      String existing = keyIgnoringCase(target, key).orElse(key);
      Object before = target.get(existing);
      if (before instanceof Map<?, ?> beforeMap && value instanceof Map<?, ?> valueMap) {
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) beforeMap);
        deepMerge(merged, (Map<String, Object>) valueMap);
        target.put(existing, merged);
      } else {
        target.put(existing, value);
      }
    });
  }

  /**
   * Applies overrides, parents before sub-attributes (so {@code name} then {@code name.givenName}
   * means "replace name, then adjust it", whatever the map's order): a value replaces, null removes.
   */
  static void applyOverrides(Map<String, Object> payload, Map<String, Object> overrides, Kind kind,
                             String subject) {
    List<AttributePath> paths = new ArrayList<>();
    overrides.keySet().forEach(key -> paths.add(AttributePath.parse(key, kind)));
    paths.sort(Comparator.comparingInt(AttributePath::depth));
    for (AttributePath path : paths) {
      Object value = overrides.get(path.key());
      if (value == null) {
        remove(payload, path.segments());
      } else {
        set(payload, path, value, subject);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> root, AttributePath path, Object value, String subject) {
    Map<String, Object> parent = root;
    List<String> segments = path.segments();
    for (String segment : segments.subList(0, segments.size() - 1)) {
      String existing = keyIgnoringCase(parent, segment).orElse(segment);
      Object child = parent.get(existing);
      if (child != null && !(child instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(subject + ": override '" + path.key()
            + "' sets a sub-attribute of '" + existing + "', which the mapping produced as "
            + describe(child) + ", not an object");
      }
      // copied on the way down: values merged in from records are immutable
      Map<String, Object> next = child == null
          ? new LinkedHashMap<>()
          : new LinkedHashMap<>((Map<String, Object>) child);
      parent.put(existing, next);
      parent = next;
    }
    String last = segments.get(segments.size() - 1);
    parent.put(keyIgnoringCase(parent, last).orElse(last), value);
  }

  @SuppressWarnings("unchecked")
  private static void remove(Map<String, Object> root, List<String> segments) {
    Map<String, Object> parent = root;
    for (String segment : segments.subList(0, segments.size() - 1)) {
      Optional<String> existing = keyIgnoringCase(parent, segment);
      if (existing.isEmpty() || !(parent.get(existing.get()) instanceof Map<?, ?> child)) {
        return;
      }
      Map<String, Object> next = new LinkedHashMap<>((Map<String, Object>) child);
      parent.put(existing.get(), next);
      parent = next;
    }
    keyIgnoringCase(parent, segments.get(segments.size() - 1)).ifPresent(parent::remove);
  }

  /**
   * The finished payload, immutable: nulls dropped, and objects left without any attribute dropped
   * too (an unassigned complex attribute, or an extension whose attributes were all removed, which
   * must then not be listed in {@code schemas}). Empty lists are kept as explicitly mapped.
   */
  static Map<String, Object> finish(Map<String, Object> payload) {
    return JsonValues.copyObject(pruneObject(payload), "payload");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> pruneObject(Map<String, ?> object) {
    Map<String, Object> pruned = new LinkedHashMap<>();
    object.forEach((key, value) -> {
      Object kept = value instanceof Map<?, ?> map ? pruneObject((Map<String, Object>) map) : value;
      if (kept != null && !(kept instanceof Map<?, ?> m && m.isEmpty())) {
        pruned.put(key, kept);
      }
    });
    return pruned;
  }

  /** The extension object under {@code key}; an extension URN must hold one (RFC 7643 §3.3). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> extension(String key, Object value, String subject) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(subject + ": extension '" + key
          + "' must hold an object of extension attributes, not " + describe(value));
    }
    return (Map<String, Object>) map;
  }

  /** The required text attribute, or a failure naming it. */
  static String requiredText(Map<String, Object> payload, String attribute, String subject) {
    return optionalText(payload, attribute, subject).orElseThrow(() -> new IllegalArgumentException(
        subject + ": " + attribute + " is required but the attributes or overrides removed it"));
  }

  /** A text attribute if present; present but not a non-blank string fails, naming it. */
  static Optional<String> optionalText(Map<String, Object> payload, String attribute, String subject) {
    Object value = JsonValues.getIgnoreCase(payload, attribute);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String text && !text.isBlank()) {
      return Optional.of(text);
    }
    throw new IllegalArgumentException(
        subject + ": " + attribute + " must be a non-blank string, not " + describe(value));
  }

  /** Fails unless {@code attribute}, when present, has the JSON type {@code type}. */
  static void requireType(Map<String, Object> payload, String attribute, Class<?> type,
                          String typeName, String subject) {
    Object value = JsonValues.getIgnoreCase(payload, attribute);
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException(
          subject + ": " + attribute + " must be " + typeName + ", not " + describe(value));
    }
  }

  static boolean isExtensionKey(String key) {
    return ScimSchemas.isSchemaUrn(key);
  }

  static Optional<String> keyIgnoringCase(Map<String, ?> map, String key) {
    if (map.containsKey(key)) {
      return Optional.of(key);
    }
    return map.keySet().stream().filter(k -> k.equalsIgnoreCase(key)).findFirst();
  }

  static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String s) {
      return s.isBlank() ? "a blank string" : "the string \"" + s + "\"";
    }
    return value instanceof Boolean ? "the boolean " + value : "the number " + value;
  }
}
