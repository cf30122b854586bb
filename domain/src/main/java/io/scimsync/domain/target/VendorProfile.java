package io.scimsync.domain.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that differs between SCIM targets, as data (DESIGN.md §2). The built-in profiles are
 * in {@link VendorProfiles}; a provider's configuration can override any field by name with
 * {@link #withOverrides(Map)}.
 *
 * @param name                  profile name, e.g. "aws"
 * @param serviceProviderConfigPath path of the ServiceProviderConfig, or empty when the target has
 *                              none and capabilities are assumed (vCenter, GitLab)
 * @param groupAttributes       how changed group attributes are written
 * @param userAttributes        how changed user attributes are written
 * @param members               how group membership is written
 * @param memberAdd             the shape of a PATCH that adds members
 * @param memberRemoval         the shape of a PATCH that removes members
 * @param memberType            the {@code type} every member object carries, if the target needs one
 * @param maxMembersPerRequest  members added or removed by one request at most; 0 = no limit (AWS 100)
 * @param maxOperationsPerPatch operations in one PATCH at most; 0 = no limit
 * @param groupPutSupported     false when PUT on a group is known to fail (AWS has no PutGroup)
 * @param patchSupported        overrides the ServiceProviderConfig's {@code patch.supported}
 * @param filterSupported       overrides its {@code filter.supported} (Slack filters without saying so)
 * @param echoesMembersOnGet    false when a GET of a group never returns its members (AWS, vCenter):
 *                              an empty list read from such a target means nothing
 * @param paging                how list responses are paged
 * @param maxPageSize           largest {@code count} the target honours; 0 = no limit
 * @param maxWritesPerSecond    the vendor's documented write rate, a default for the rate limiter;
 *                              0 = none documented
 */
public record VendorProfile(String name, Optional<String> serviceProviderConfigPath,
                            AttributeWrite groupAttributes, AttributeWrite userAttributes,
                            MemberWrite members, MemberAdd memberAdd, MemberRemoval memberRemoval,
                            Optional<String> memberType, int maxMembersPerRequest,
                            int maxOperationsPerPatch, boolean groupPutSupported,
                            Optional<Boolean> patchSupported, Optional<Boolean> filterSupported,
                            boolean echoesMembersOnGet, Paging paging, int maxPageSize,
                            double maxWritesPerSecond) {
  /** The field names {@link #withOverrides(Map)} accepts, in declaration order. */
  public static final List<String> FIELDS = List.of(
      "serviceProviderConfigPath", "groupAttributes", "userAttributes", "members", "memberAdd",
      "memberRemoval", "memberType", "maxMembersPerRequest", "maxOperationsPerPatch",
      "groupPutSupported", "patchSupported", "filterSupported", "echoesMembersOnGet", "paging",
      "maxPageSize", "maxWritesPerSecond");

  public VendorProfile {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("profile name must not be blank");
    }
    Objects.requireNonNull(groupAttributes, "groupAttributes");
    Objects.requireNonNull(userAttributes, "userAttributes");
    Objects.requireNonNull(members, "members");
    Objects.requireNonNull(memberAdd, "memberAdd");
    Objects.requireNonNull(memberRemoval, "memberRemoval");
    Objects.requireNonNull(paging, "paging");
    serviceProviderConfigPath = serviceProviderConfigPath.filter(p -> !p.isBlank());
    memberType = memberType.filter(t -> !t.isBlank());
    if (serviceProviderConfigPath.isPresent() && !serviceProviderConfigPath.get().startsWith("/")) {
      throw new IllegalArgumentException(
          "serviceProviderConfigPath must start with '/', got '" + serviceProviderConfigPath.get() + "'");
    }
    if (maxMembersPerRequest < 0 || maxOperationsPerPatch < 0 || maxPageSize < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
    if (maxWritesPerSecond < 0 || Double.isNaN(maxWritesPerSecond)) {
      throw new IllegalArgumentException("maxWritesPerSecond must not be negative");
    }
    if ((groupAttributes == AttributeWrite.PUT || members == MemberWrite.PUT) && !groupPutSupported) {
      throw new IllegalArgumentException(
          "profile " + name + " writes groups with PUT but says PUT on groups is unsupported");
    }
  }

  /** The same profile under another name (a user's own profile derived from a built-in one). */
  public VendorProfile named(String newName) {
    return new VendorProfile(newName, serviceProviderConfigPath, groupAttributes, userAttributes,
        members, memberAdd, memberRemoval, memberType, maxMembersPerRequest, maxOperationsPerPatch,
        groupPutSupported, patchSupported, filterSupported, echoesMembersOnGet, paging, maxPageSize,
        maxWritesPerSecond);
  }

  /**
   * This profile with fields replaced by configuration values, keyed by field name (see
   * {@link #FIELDS}). Values may be strings, as configuration files give them; an empty string
   * clears an optional field. An unknown name or a bad value fails with a message naming both.
   */
  public VendorProfile withOverrides(Map<String, ?> overrides) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("serviceProviderConfigPath", serviceProviderConfigPath);
    fields.put("groupAttributes", groupAttributes);
    fields.put("userAttributes", userAttributes);
    fields.put("members", members);
    fields.put("memberAdd", memberAdd);
    fields.put("memberRemoval", memberRemoval);
    fields.put("memberType", memberType);
    fields.put("maxMembersPerRequest", maxMembersPerRequest);
    fields.put("maxOperationsPerPatch", maxOperationsPerPatch);
    fields.put("groupPutSupported", groupPutSupported);
    fields.put("patchSupported", patchSupported);
    fields.put("filterSupported", filterSupported);
    fields.put("echoesMembersOnGet", echoesMembersOnGet);
    fields.put("paging", paging);
    fields.put("maxPageSize", maxPageSize);
    fields.put("maxWritesPerSecond", maxWritesPerSecond);
    for (Map.Entry<String, ?> override : overrides.entrySet()) {
      String key = override.getKey();
      if (!fields.containsKey(key)) {
        throw new IllegalArgumentException("unknown profile field '" + key + "'; known fields: "
            + String.join(", ", FIELDS));
      }
      fields.put(key, convert(key, fields.get(key), override.getValue()));
    }
    try {
      return new VendorProfile(name,
          optionalString(fields.get("serviceProviderConfigPath")),
          (AttributeWrite) fields.get("groupAttributes"),
          (AttributeWrite) fields.get("userAttributes"),
          (MemberWrite) fields.get("members"),
          (MemberAdd) fields.get("memberAdd"),
          (MemberRemoval) fields.get("memberRemoval"),
          optionalString(fields.get("memberType")),
          (Integer) fields.get("maxMembersPerRequest"),
          (Integer) fields.get("maxOperationsPerPatch"),
          (Boolean) fields.get("groupPutSupported"),
          optionalBoolean(fields.get("patchSupported")),
          optionalBoolean(fields.get("filterSupported")),
          (Boolean) fields.get("echoesMembersOnGet"),
          (Paging) fields.get("paging"),
          (Integer) fields.get("maxPageSize"),
          (Double) fields.get("maxWritesPerSecond"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("profile " + name + " with overrides " + overrides.keySet()
          + ": " + e.getMessage(), e);
    }
  }

  private static Object convert(String key, Object current, Object value) {
    if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
      // every field is a scalar; and toString() of a nested value recurses as deep as it nests
      throw new IllegalArgumentException("profile field '" + key + "' must be " + expected(current)
          + ", got " + (value instanceof Map<?, ?> ? "an object" : "a list"));
    }
    String text = value == null ? "" : value.toString().trim();
    String problem;
    try {
      if (current instanceof Optional<?>) {
        if (key.endsWith("Supported")) {
          return text.isEmpty() ? Optional.empty() : Optional.of(parseBoolean(text));
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
      }
      if (current instanceof Boolean) {
        return parseBoolean(text);
      }
      if (current instanceof Integer) {
        int parsed = value instanceof Number n ? exactInt(n) : Integer.parseInt(text);
        if (parsed < 0) {
          throw new IllegalArgumentException();
        }
        return parsed;
      }
      if (current instanceof Double) {
        double parsed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
        if (parsed < 0 || Double.isNaN(parsed)) {
          throw new IllegalArgumentException();
        }
        return parsed;
      }
      if (current instanceof Enum<?> e) {
        return enumValue(e.getDeclaringClass(), text);
      }
      problem = "unsupported field type";
    } catch (IllegalArgumentException e) {
      problem = expected(current);
    }
    throw new IllegalArgumentException("profile field '" + key + "' must be " + problem + ", got '"
        + text + "'");
  }

  /** A number that is exactly an int; 2.5 or 5,000,000,000 must not become 2 or 705032704. */
  private static int exactInt(Number n) {
    double d = n.doubleValue();
    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException();
    }
    if ((n instanceof Long || n instanceof java.math.BigInteger) && n.longValue() != (int) n.longValue()) {
      throw new IllegalArgumentException();
    }
    return (int) d;
  }

  private static String expected(Object current) {
    if (current instanceof Boolean || current instanceof Optional<?>) {
      return "true or false";
    }
    if (current instanceof Integer) {
      return "a non-negative integer";
    }
    if (current instanceof Double) {
      return "a non-negative number";
    }
    if (current instanceof Enum<?> e) {
      return "one of " + java.util.Arrays.toString(e.getDeclaringClass().getEnumConstants());
    }
    return "valid";
  }

  private static boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
    return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  @SuppressWarnings("unchecked")
  private static Optional<String> optionalString(Object value) {
    return (Optional<String>) value;
  }

  @SuppressWarnings("unchecked")
  private static Optional<Boolean> optionalBoolean(Object value) {
    return (Optional<Boolean>) value;
  }
}
