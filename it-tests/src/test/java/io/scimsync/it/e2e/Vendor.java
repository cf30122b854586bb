package io.scimsync.it.e2e;

import io.scimsync.testkit.ServerProfile;

/**
 * One vendor as the end-to-end suite exercises it: the fake server's profile and the client's
 * matching {@code compatibilityMode}, plus the traits the assertions depend on.
 */
enum Vendor {
  RFC(ServerProfile.RFC, "default"),
  AWS(ServerProfile.AWS, "aws"),
  WEBEX(ServerProfile.WEBEX, "webex"),
  SLACK(ServerProfile.SLACK, "slack"),
  SALESFORCE(ServerProfile.SALESFORCE, "salesforce"),
  VCENTER(ServerProfile.VCENTER, "vcenter"),
  GITLAB(ServerProfile.GITLAB, "gitlab"),
  ENTRA_LIKE(ServerProfile.ENTRA_LIKE, "default");

  final ServerProfile server;
  final String mode;

  Vendor(ServerProfile server, String mode) {
    this.server = server;
    this.mode = mode;
  }

  /** Whether group writes are PATCHes (every target but vCenter, which has no PATCH). */
  boolean patchesGroups() {
    return this != VCENTER;
  }

  /** Whether the client may look an object up by filter after a 409 (vCenter: no filter). */
  boolean filters() {
    return this != VCENTER;
  }

  /** Whether the target refuses a second object with the same name (409). */
  boolean uniqueNames() {
    return this != ENTRA_LIKE;
  }

  /** Whether a GET of a group shows its members (AWS never does). */
  boolean echoesMembers() {
    return this != AWS;
  }

  @Override
  public String toString() {
    return server.name() + "/" + mode;
  }
}
