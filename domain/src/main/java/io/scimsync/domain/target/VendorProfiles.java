package io.scimsync.domain.target;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in vendor profiles. Sources: authentik's compatibility modes (behaviour reference
 * §1.7-1.8) and the vendor catalogue (scim-clients-and-targets.md §2). Each profile differs from
 * {@link #DEFAULT} only where its vendor documents a difference.
 */
public final class VendorProfiles {
  private VendorProfiles() {}

  /** Any RFC 7643/7644 server: strategies follow its ServiceProviderConfig. */
  public static final VendorProfile DEFAULT = new VendorProfile("default",
      Optional.of("/ServiceProviderConfig"), AttributeWrite.AUTO, AttributeWrite.AUTO,
      MemberWrite.AUTO, MemberAdd.PATH_MEMBERS, MemberRemoval.FILTER_PATH, Optional.empty(), 0, 0,
      true, Optional.empty(), Optional.empty(), true, Paging.INDEX, 0, 0);

  /**
   * AWS IAM Identity Center: no PutGroup, so groups are patched one attribute per op with a path
   * (a path-less replace is refused, issue #12321); at most 100 member changes per request; GET on
   * a group never returns members (issue #23005); pages of at most 100 with a cursor.
   */
  public static final VendorProfile AWS = derive("aws",
      "groupAttributes", "PATCH_PER_ATTRIBUTE", "userAttributes", "PUT", "members", "PATCH",
      "maxMembersPerRequest", 100, "groupPutSupported", false, "patchSupported", true,
      "filterSupported", true, "echoesMembersOnGet", false, "paging", "CURSOR",
      "maxPageSize", 100);

  /** Cisco Webex: every member object needs {@code "type": "user"} (authentik PR #21208). */
  public static final VendorProfile WEBEX = derive("webex", "memberType", "user");

  /**
   * Slack: filters work although its configuration document does not say so; writes are limited
   * org-wide to 600 per minute, i.e. 10 per second.
   */
  public static final VendorProfile SLACK = derive("slack",
      "filterSupported", true, "maxWritesPerSecond", 10);

  /**
   * Salesforce: the configuration lives at the non-standard {@code /ServiceProviderConfigs}, and
   * its documented member add is path-less with a {@code members} object.
   */
  public static final VendorProfile SALESFORCE = derive("salesforce",
      "serviceProviderConfigPath", "/ServiceProviderConfigs", "memberAdd", "PATHLESS_OBJECT");

  /**
   * VMware vCenter: no ServiceProviderConfig, no PATCH, no filter; groups are written with PUT and
   * the full member list, and reads do not echo members reliably.
   */
  public static final VendorProfile VCENTER = derive("vcenter",
      "serviceProviderConfigPath", "", "groupAttributes", "PUT", "userAttributes", "PUT",
      "members", "PUT", "patchSupported", false, "filterSupported", false,
      "echoesMembersOnGet", false);

  /**
   * GitLab: no ServiceProviderConfig; its SCIM API has PATCH but no PUT for users, and filters
   * users by {@code userName}/{@code externalId}.
   */
  public static final VendorProfile GITLAB = derive("gitlab",
      "serviceProviderConfigPath", "", "userAttributes", "PATCH_REPLACE", "patchSupported", true,
      "filterSupported", true);

  private static VendorProfile derive(String name, Object... fieldsAndValues) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      overrides.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return DEFAULT.withOverrides(overrides).named(name);
  }

  private static final Map<String, VendorProfile> BY_NAME = byName(
      DEFAULT, AWS, WEBEX, SLACK, SALESFORCE, VCENTER, GITLAB);

  private static Map<String, VendorProfile> byName(VendorProfile... profiles) {
    Map<String, VendorProfile> map = new LinkedHashMap<>();
    Arrays.stream(profiles).forEach(p -> map.put(p.name(), p));
    map.put("sfdc", SALESFORCE); // authentik's name for the same mode
    return Map.copyOf(map);
  }

  /** The built-in profile names, in documentation order. */
  public static final java.util.List<String> NAMES =
      java.util.List.of("default", "aws", "webex", "slack", "salesforce", "vcenter", "gitlab");

  /** A built-in profile by name, ignoring case ("sfdc" is an alias of "salesforce"). */
  public static Optional<VendorProfile> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  /** A built-in profile with configuration overrides; fails naming the unknown profile. */
  public static VendorProfile resolve(String name, Map<String, ?> overrides) {
    VendorProfile base = byName(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown compatibility mode '" + name + "'; known: " + String.join(", ", NAMES)));
    return overrides.isEmpty() ? base : base.withOverrides(overrides);
  }
}
