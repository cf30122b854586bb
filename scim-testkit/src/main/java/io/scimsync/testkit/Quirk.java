package io.scimsync.testkit;

/**
 * One documented behaviour of a real SCIM target, as a switch. {@link ServerProfile}s combine
 * them; tests can combine them freely with {@link ServerProfile#with}. Sources are the vendors'
 * documentation and authentik's compatibility modes.
 */
public enum Quirk {
  /** A PATCH body without the PatchOp {@code schemas} is refused 400 (strict RFC 7644 §3.5.2). */
  REQUIRE_PATCH_SCHEMAS,
  /** A filter comparison value must be a JSON literal: {@code userName eq alice} is refused 400. */
  REJECT_UNQUOTED_FILTER_VALUES,
  /** {@code If-Match} is enforced (412 on a stale version) and {@code ETag} is sent (RFC 7644 §3.14). */
  ETAGS,
  /** PUT on a group is refused 405: AWS has no PutGroup. */
  NO_GROUP_PUT,
  /** One request may add or remove at most {@link ServerProfile#memberChangeLimit()} members (AWS: 100). */
  MEMBER_CHANGE_LIMIT,
  /** GET of a group (by id or listed) never returns {@code members} (AWS, issue #23005). */
  GROUP_GET_OMITS_MEMBERS,
  /** Filters may only use {@code eq} joined by {@code and} (AWS). */
  EQ_AND_FILTERS_ONLY,
  /** {@code count} is capped at {@link ServerProfile#pageSizeLimit()} (AWS: 100). */
  PAGE_SIZE_LIMIT,
  /** Every member object written must carry {@code type} (Webex). */
  MEMBER_TYPE_REQUIRED,
  /** Writes beyond {@link ServerProfile#writesPerMinute()} are answered 429 with Retry-After (Slack). */
  WRITE_RATE_LIMIT,
  /** The ServiceProviderConfig is served at {@code /ServiceProviderConfigs} only (Salesforce). */
  SPC_AT_PLURAL_PATH,
  /** No ServiceProviderConfig at all: 404 (vCenter, GitLab). */
  NO_SERVICE_PROVIDER_CONFIG,
  /** PATCH is refused 405 and the ServiceProviderConfig says so (vCenter). */
  NO_PATCH,
  /** {@code userName} and group {@code displayName} need not be unique (Entra-like targets). */
  DUPLICATES_ALLOWED,
  /**
   * Every {@code emails[].value} is stored, and so answered, in lower case (RFC 7643 §4.1.2: a
   * server SHOULD canonicalise them).
   */
  LOWERCASE_EMAILS
}
