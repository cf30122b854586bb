package io.scimsync.testkit;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a fake server behaves: a name, the {@link Quirk}s it has, and the numbers some quirks use.
 *
 * @param memberChangeLimit members one request may add or remove, with {@link Quirk#MEMBER_CHANGE_LIMIT}
 * @param pageSizeLimit     largest page, with {@link Quirk#PAGE_SIZE_LIMIT}
 * @param writesPerMinute   writes allowed per minute, with {@link Quirk#WRITE_RATE_LIMIT}
 */
public record ServerProfile(String name, Set<Quirk> quirks, int memberChangeLimit,
                            int pageSizeLimit, int writesPerMinute) {
  public ServerProfile {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("profile name must not be blank");
    }
    quirks = quirks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(quirks));
    if (memberChangeLimit < 1 || pageSizeLimit < 1 || writesPerMinute < 1) {
      throw new IllegalArgumentException("limits must be at least 1");
    }
  }

  /** Strict RFC 7643/7644: PatchOp schemas required, quoted filter values, ETags. */
  public static final ServerProfile RFC = new ServerProfile("rfc",
      Set.of(Quirk.REQUIRE_PATCH_SCHEMAS, Quirk.REJECT_UNQUOTED_FILTER_VALUES, Quirk.ETAGS),
      100, 100, 600);
  /**
   * AWS IAM Identity Center: no PutGroup; at most 100 member changes per request; GetGroup and
   * ListGroups return no members; only {@code eq} and {@code and} in filters; pages of 100.
   */
  public static final ServerProfile AWS = new ServerProfile("aws",
      Set.of(Quirk.NO_GROUP_PUT, Quirk.MEMBER_CHANGE_LIMIT, Quirk.GROUP_GET_OMITS_MEMBERS,
          Quirk.EQ_AND_FILTERS_ONLY, Quirk.PAGE_SIZE_LIMIT), 100, 100, 600);
  /** Cisco Webex: member objects need {@code type} (authentik PR #21208). */
  public static final ServerProfile WEBEX = new ServerProfile("webex",
      Set.of(Quirk.MEMBER_TYPE_REQUIRED), 100, 100, 600);
  /** Slack: writes limited to 600 per minute, answered 429 with Retry-After beyond. */
  public static final ServerProfile SLACK = new ServerProfile("slack",
      Set.of(Quirk.WRITE_RATE_LIMIT), 100, 100, 600);
  /** Salesforce: ServiceProviderConfig at {@code /ServiceProviderConfigs}. */
  public static final ServerProfile SALESFORCE = new ServerProfile("salesforce",
      Set.of(Quirk.SPC_AT_PLURAL_PATH), 100, 100, 600);
  /** VMware vCenter: no PATCH, no ServiceProviderConfig. */
  public static final ServerProfile VCENTER = new ServerProfile("vcenter",
      Set.of(Quirk.NO_PATCH, Quirk.NO_SERVICE_PROVIDER_CONFIG), 100, 100, 600);
  /** GitLab: no ServiceProviderConfig. */
  public static final ServerProfile GITLAB = new ServerProfile("gitlab",
      Set.of(Quirk.NO_SERVICE_PROVIDER_CONFIG), 100, 100, 600);
  /** A target that, like some Entra-provisioned apps, allows duplicate names. */
  public static final ServerProfile ENTRA_LIKE = new ServerProfile("entra-like",
      Set.of(Quirk.DUPLICATES_ALLOWED), 100, 100, 600);

  private static final Map<String, ServerProfile> BY_NAME = byName(
      RFC, AWS, WEBEX, SLACK, SALESFORCE, VCENTER, GITLAB, ENTRA_LIKE);

  private static Map<String, ServerProfile> byName(ServerProfile... profiles) {
    Map<String, ServerProfile> map = new LinkedHashMap<>();
    Arrays.stream(profiles).forEach(p -> map.put(p.name(), p));
    return map;
  }

  /** Every built-in profile, in documentation order. */
  public static List<ServerProfile> all() {
    return List.copyOf(BY_NAME.values());
  }

  public static Optional<ServerProfile> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  /** A built-in profile by name, failing with the list of known names. */
  public static ServerProfile require(String name) {
    return named(name).orElseThrow(() -> new IllegalArgumentException("unknown profile '" + name
        + "'; known: " + String.join(", ", BY_NAME.keySet())));
  }

  public boolean has(Quirk quirk) {
    return quirks.contains(quirk);
  }

  /** This profile with more quirks. */
  public ServerProfile with(Quirk... more) {
    EnumSet<Quirk> set = quirks.isEmpty() ? EnumSet.noneOf(Quirk.class) : EnumSet.copyOf(quirks);
    set.addAll(Arrays.asList(more));
    return new ServerProfile(name, set, memberChangeLimit, pageSizeLimit, writesPerMinute);
  }

  /** This profile without some quirks. */
  public ServerProfile without(Quirk... fewer) {
    EnumSet<Quirk> set = quirks.isEmpty() ? EnumSet.noneOf(Quirk.class) : EnumSet.copyOf(quirks);
    Arrays.asList(fewer).forEach(set::remove);
    return new ServerProfile(name, set, memberChangeLimit, pageSizeLimit, writesPerMinute);
  }

  public ServerProfile withWritesPerMinute(int limit) {
    return new ServerProfile(name, quirks, memberChangeLimit, pageSizeLimit, limit).with(Quirk.WRITE_RATE_LIMIT);
  }

  public ServerProfile withMemberChangeLimit(int limit) {
    return new ServerProfile(name, quirks, limit, pageSizeLimit, writesPerMinute).with(Quirk.MEMBER_CHANGE_LIMIT);
  }

  public ServerProfile withPageSizeLimit(int limit) {
    return new ServerProfile(name, quirks, memberChangeLimit, limit, writesPerMinute).with(Quirk.PAGE_SIZE_LIMIT);
  }
}
