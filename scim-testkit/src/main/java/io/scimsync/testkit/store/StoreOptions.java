package io.scimsync.testkit.store;

/**
 * The switches of {@link ResourceStore} that vendor profiles turn: each is one documented
 * behaviour of a real SCIM target, so tests can combine them. Start from {@link #rfc()} or
 * {@link #lenient()} and change single switches with the {@code with*} methods.
 *
 * @param allowDuplicates            no uniqueness on {@code userName} and group {@code displayName}
 *                                   (Entra-provisioned apps that allow duplicates); otherwise a
 *                                   clash is 409 {@code uniqueness}, compared case-insensitively
 * @param etags                      {@code If-Match} is enforced: a stale version is 412. Off, the
 *                                   header is ignored (versions are still kept in {@code meta})
 * @param requirePatchSchemas        a PATCH body must list
 *                                   {@code urn:ietf:params:scim:api:messages:2.0:PatchOp} in
 *                                   {@code schemas}, else 400 {@code invalidSyntax} (strict RFC
 *                                   7644 §3.5.2); off, the schemas are not looked at
 * @param lenientFilterValues        bare comparison values ({@code userName eq alice}, as Entra's
 *                                   documentation shows) are quoted before parsing; off, they are
 *                                   400 {@code invalidFilter} as RFC 7644 §3.4.2.2 requires JSON
 *                                   literals
 * @param eqAndFiltersOnly           only {@code eq} joined by {@code and} (AWS IAM Identity Center);
 *                                   any other operator is 400 {@code invalidFilter} naming it
 * @param maxMemberChangesPerRequest most member values one request may add, remove or replace,
 *                                   counting the members of a POST/PUT body (AWS: 100); beyond it
 *                                   the request is 400 {@code invalidValue}; 0 means no limit
 * @param memberTypeRequired         every member object written must carry {@code type} (Webex),
 *                                   else 400 {@code invalidValue}
 * @param validateMemberReferences   a member {@code value} must be the id of an existing user or
 *                                   group (and match its {@code type} when given), else 400
 *                                   {@code invalidValue} naming the id
 * @param lowercaseEmails            every {@code emails[].value} is stored in lower case, as RFC
 *                                   7643 §4.1.2 says a server SHOULD (its answers then differ in
 *                                   case from what was sent)
 * @param maxPageSize                largest page a list answers, also the page size when the client
 *                                   gives no {@code count}; 0 means no cap
 */
public record StoreOptions(boolean allowDuplicates, boolean etags, boolean requirePatchSchemas,
                           boolean lenientFilterValues, boolean eqAndFiltersOnly,
                           int maxMemberChangesPerRequest, boolean memberTypeRequired,
                           boolean validateMemberReferences, int maxPageSize,
                           boolean lowercaseEmails) {
  /**
   * The page cap of {@link #rfc()} and {@link #lenient()}: RFC 7644 leaves it to the server
   * ({@code filter.maxResults} in the ServiceProviderConfig); 1000 keeps a runaway list of a large
   * test directory cheap while no client paging at 100 or 200 ever meets it.
   */
  public static final int DEFAULT_MAX_PAGE_SIZE = 1000;

  public StoreOptions {
    if (maxMemberChangesPerRequest < 0) {
      throw new IllegalArgumentException("maxMemberChangesPerRequest must be >= 0 (0 = no limit)");
    }
    if (maxPageSize < 0) {
      throw new IllegalArgumentException("maxPageSize must be >= 0 (0 = no cap)");
    }
  }

  /**
   * Strict RFC 7643/7644: unique names, ETags enforced, PatchOp schemas required, quoted filter
   * values only, every operator, member references checked, pages of at most
   * {@link #DEFAULT_MAX_PAGE_SIZE}.
   */
  public static StoreOptions rfc() {
    return new StoreOptions(false, true, true, false, false, 0, false, true, DEFAULT_MAX_PAGE_SIZE,
        false);
  }

  /**
   * What most real targets do: like {@link #rfc()} but {@code If-Match} ignored, PATCH schemas
   * not checked and bare filter values accepted. Vendor profiles add their quirks to this.
   */
  public static StoreOptions lenient() {
    return new StoreOptions(false, false, false, true, false, 0, false, true, DEFAULT_MAX_PAGE_SIZE,
        false);
  }

  public StoreOptions withAllowDuplicates(boolean value) {
    return new StoreOptions(value, etags, requirePatchSchemas, lenientFilterValues, eqAndFiltersOnly,
        maxMemberChangesPerRequest, memberTypeRequired, validateMemberReferences, maxPageSize,
        lowercaseEmails);
  }

  public StoreOptions withEtags(boolean value) {
    return new StoreOptions(allowDuplicates, value, requirePatchSchemas, lenientFilterValues,
        eqAndFiltersOnly, maxMemberChangesPerRequest, memberTypeRequired, validateMemberReferences,
        maxPageSize, lowercaseEmails);
  }

  public StoreOptions withRequirePatchSchemas(boolean value) {
    return new StoreOptions(allowDuplicates, etags, value, lenientFilterValues, eqAndFiltersOnly,
        maxMemberChangesPerRequest, memberTypeRequired, validateMemberReferences, maxPageSize,
        lowercaseEmails);
  }

  public StoreOptions withLenientFilterValues(boolean value) {
    return new StoreOptions(allowDuplicates, etags, requirePatchSchemas, value, eqAndFiltersOnly,
        maxMemberChangesPerRequest, memberTypeRequired, validateMemberReferences, maxPageSize,
        lowercaseEmails);
  }

  public StoreOptions withEqAndFiltersOnly(boolean value) {
    return new StoreOptions(allowDuplicates, etags, requirePatchSchemas, lenientFilterValues, value,
        maxMemberChangesPerRequest, memberTypeRequired, validateMemberReferences, maxPageSize,
        lowercaseEmails);
  }

  /** @param value the limit, 0 for none */
  public StoreOptions withMaxMemberChangesPerRequest(int value) {
    return new StoreOptions(allowDuplicates, etags, requirePatchSchemas, lenientFilterValues,
        eqAndFiltersOnly, value, memberTypeRequired, validateMemberReferences, maxPageSize,
        lowercaseEmails);
  }

  public StoreOptions withMemberTypeRequired(boolean value) {
    return new StoreOptions(allowDuplicates, etags, requirePatchSchemas, lenientFilterValues,
        eqAndFiltersOnly, maxMemberChangesPerRequest, value, validateMemberReferences, maxPageSize,
        lowercaseEmails);
  }

  public StoreOptions withValidateMemberReferences(boolean value) {
    return new StoreOptions(allowDuplicates, etags, requirePatchSchemas, lenientFilterValues,
        eqAndFiltersOnly, maxMemberChangesPerRequest, memberTypeRequired, value, maxPageSize,
        lowercaseEmails);
  }

  /** @param value the cap, 0 for none */
  public StoreOptions withMaxPageSize(int value) {
    return new StoreOptions(allowDuplicates, etags, requirePatchSchemas, lenientFilterValues,
        eqAndFiltersOnly, maxMemberChangesPerRequest, memberTypeRequired, validateMemberReferences,
        value, lowercaseEmails);
  }

  public StoreOptions withLowercaseEmails(boolean value) {
    return new StoreOptions(allowDuplicates, etags, requirePatchSchemas, lenientFilterValues,
        eqAndFiltersOnly, maxMemberChangesPerRequest, memberTypeRequired, validateMemberReferences,
        maxPageSize, value);
  }
}
