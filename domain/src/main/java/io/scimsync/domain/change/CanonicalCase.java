package io.scimsync.domain.change;

import io.scimsync.domain.model.JsonDepth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tells a target's own spelling from drift. RFC 7643 makes most string attributes
 * {@code caseExact: false} (§2.2, and §4.1.2 says a server SHOULD store emails in lower case),
 * so a target may answer {@code alice@example.com} for the {@code Alice@Example.com} it was sent.
 * Compared exactly, that value differs on every reconcile, which would send the same PATCH each
 * time. A remote value is taken as the desired one when it differs from it only in case where
 * the RFC's defaults say case does not matter, and only when what was last written already was
 * the desired value: a change of case made locally is still sent.
 */
public final class CanonicalCase {
  /** Attributes whose strings are {@code caseExact: true} in RFC 7643's schemas, at any level. */
  private static final Set<String> CASE_EXACT = Set.of("id", "externalId", "password", "$ref",
      "members", "groups", "x509Certificates", "photos", "profileUrl");

  private CanonicalCase() {
  }

  /**
   * {@code remote} with each top-level attribute that matches the desired one but for case (and
   * that was last written as desired) replaced by the desired value. All three are projections.
   */
  public static Map<String, Object> align(Map<String, Object> remote,
                                          Map<String, Object> desired,
                                          Map<String, Object> lastWritten) {
    Map<String, Object> aligned = new LinkedHashMap<>(remote);
    remote.forEach((key, value) -> {
      Object wanted = desired.get(key);
      if (wanted != null && !Objects.equals(value, wanted)
          && Objects.equals(lastWritten.get(key), wanted) && sameButCase(key, value, wanted, 0)) {
        aligned.put(key, wanted);
      }
    });
    return aligned;
  }

  // bounded: projections are checked against JsonDepth.LIMIT before they are compared
  private static boolean sameButCase(String name, Object a, Object b, int depth) {
    if (depth > JsonDepth.LIMIT) {
      return false;
    }
    if (a instanceof String x && b instanceof String y) {
      return CASE_EXACT.contains(name) ? x.equals(y) : x.equalsIgnoreCase(y);
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (CASE_EXACT.contains(name) || !x.keySet().equals(y.keySet())) {
        return Objects.equals(a, b);
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!sameButCase(String.valueOf(e.getKey()), e.getValue(), y.get(e.getKey()), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (CASE_EXACT.contains(name) || x.size() != y.size()) {
        return Objects.equals(a, b);
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameButCase(name, x.get(i), y.get(i), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }
}
