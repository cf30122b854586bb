package io.scimsync.domain.model;

/** The schema URNs of RFC 7643 and RFC 7644 that the engine writes or reads. */
public final class ScimSchemas {
  private ScimSchemas() {}

  public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  public static final String ENTERPRISE_USER =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  public static final String SERVICE_PROVIDER_CONFIG =
      "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

  /** Extension attributes live under a top-level key that is their schema URN (RFC 7643 §3.3). */
  public static boolean isSchemaUrn(String attributeName) {
    return attributeName.regionMatches(true, 0, "urn:", 0, 4);
  }
}
