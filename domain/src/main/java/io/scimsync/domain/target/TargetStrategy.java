package io.scimsync.domain.target;

import java.util.Objects;

/**
 * The write strategy for one target: its {@link VendorProfile} applied to its
 * {@link TargetCapabilities}. The profile wins where it states something; where it says
 * {@code AUTO}, the capabilities decide. One explicit strategy per target, never a silent mix of
 * PUT and PATCH (W3).
 *
 * @param groupAttributes resolved to PUT, PATCH_REPLACE or PATCH_PER_ATTRIBUTE
 * @param userAttributes  resolved to PUT, PATCH_REPLACE or PATCH_PER_ATTRIBUTE
 * @param members         resolved to PATCH or PUT
 * @param patch           whether the target accepts PATCH: YES, NO, or UNKNOWN when nothing says
 * @param filter          whether a conflict lookup by filter may be tried
 */
public record TargetStrategy(VendorProfile profile, TargetCapabilities capabilities,
                             AttributeWrite groupAttributes, AttributeWrite userAttributes,
                             MemberWrite members, Support patch, boolean filter) {
  /** Three-valued support: a target without a ServiceProviderConfig has not said. */
  public enum Support { YES, NO, UNKNOWN }

  public TargetStrategy {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(capabilities, "capabilities");
    if (groupAttributes == AttributeWrite.AUTO || userAttributes == AttributeWrite.AUTO
        || members == MemberWrite.AUTO) {
      throw new IllegalArgumentException("a resolved strategy has no AUTO");
    }
  }

  public static TargetStrategy of(TargetCapabilities capabilities, VendorProfile profile) {
    Support patch = profile.patchSupported()
        .map(s -> s ? Support.YES : Support.NO)
        .orElseGet(() -> !capabilities.discovered("patch.supported") ? Support.UNKNOWN
            : capabilities.patchSupported() ? Support.YES : Support.NO);
    // A filter GET is a read verified by exact match, so it is tried unless the target said no.
    boolean filter = profile.filterSupported()
        .orElseGet(() -> !capabilities.discovered("filter.supported") || capabilities.filterSupported());
    AttributeWrite groupAttributes = resolve(profile.groupAttributes(), patch,
        profile.groupPutSupported());
    AttributeWrite userAttributes = resolve(profile.userAttributes(), patch, true);
    MemberWrite members = profile.members() != MemberWrite.AUTO ? profile.members()
        : patch == Support.YES || !profile.groupPutSupported() ? MemberWrite.PATCH : MemberWrite.PUT;
    return new TargetStrategy(profile, capabilities, groupAttributes, userAttributes, members,
        patch, filter);
  }

  private static AttributeWrite resolve(AttributeWrite wanted, Support patch, boolean putSupported) {
    if (wanted != AttributeWrite.AUTO) {
      return wanted;
    }
    return patch == Support.YES || !putSupported ? AttributeWrite.PATCH_REPLACE : AttributeWrite.PUT;
  }

  /** A PUT answered 405/501 may fall back to PATCH only when the target has not said it lacks PATCH. */
  public boolean mayFallBackToPatch() {
    return patch != Support.NO;
  }

  /** Members per request at most, {@link Integer#MAX_VALUE} when unlimited. */
  public int maxMembersPerRequest() {
    return profile.maxMembersPerRequest() == 0 ? Integer.MAX_VALUE : profile.maxMembersPerRequest();
  }

  /**
   * Operations per PATCH at most, {@link Integer#MAX_VALUE} when unlimited. Only the profile sets
   * this: authentik chunked by {@code bulk.maxOperations}, which limits /Bulk, not PATCH (W4).
   */
  public int maxOperationsPerPatch() {
    return profile.maxOperationsPerPatch() == 0 ? Integer.MAX_VALUE : profile.maxOperationsPerPatch();
  }
}
