package io.scimsync.testkit.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A SCIM error the fake server answers with (RFC 7644 §3.12): an HTTP status, an optional
 * {@code scimType} and a human-readable detail. Unchecked, so that the store and the HTTP layer
 * can throw it from anywhere and render it once.
 */
public final class ScimException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The error schema URN of RFC 7644 §3.12. */
  public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

  private final int status;
  private final String scimType;
  private final String detail;

  /**
   * @param status   HTTP status, 400..599
   * @param scimType the RFC 7644 §3.12 {@code scimType} keyword, when one applies
   * @param detail   what went wrong, naming the attribute, value or id concerned
   */
  public ScimException(int status, Optional<String> scimType, String detail) {
    super(detail);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status must be 4xx or 5xx, was " + status);
    }
    this.status = status;
    this.scimType = Objects.requireNonNull(scimType, "scimType").orElse(null);
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** A 404 for an id the store does not hold. */
  public static ScimException notFound(ResourceStore.Kind kind, String id) {
    return new ScimException(404, Optional.empty(), kind.resourceType() + " '" + id + "' not found");
  }

  /** A 409 {@code uniqueness}: a unique attribute (userName, group displayName) is taken (RFC 7644 §3.3). */
  public static ScimException uniqueness(String detail) {
    return new ScimException(409, Optional.of("uniqueness"), detail);
  }

  /** A 400 {@code invalidFilter}: the filter does not parse or uses an unsupported operator. */
  public static ScimException invalidFilter(String detail) {
    return badRequest("invalidFilter", detail);
  }

  /** A 400 {@code invalidSyntax}: the request body is not a valid SCIM message. */
  public static ScimException invalidSyntax(String detail) {
    return badRequest("invalidSyntax", detail);
  }

  /** A 400 {@code invalidValue}: a required attribute is missing or a value is not acceptable. */
  public static ScimException invalidValue(String detail) {
    return badRequest("invalidValue", detail);
  }

  /** A 400 {@code invalidPath}: a PATCH path does not parse or is not supported. */
  public static ScimException invalidPath(String detail) {
    return badRequest("invalidPath", detail);
  }

  /** A 400 {@code noTarget}: a PATCH path or value filter matched nothing (RFC 7644 §3.5.2). */
  public static ScimException noTarget(String detail) {
    return badRequest("noTarget", detail);
  }

  /** A 400 {@code mutability}: the request tries to change a read-only attribute (id, meta, groups). */
  public static ScimException mutability(String detail) {
    return badRequest("mutability", detail);
  }

  /** A 400 {@code tooMany}: a query would yield more results than the server will process. */
  public static ScimException tooMany(String detail) {
    return badRequest("tooMany", detail);
  }

  /** A 400 {@code invalidCursor}: a cursor the server did not issue (RFC 9865 §3). */
  public static ScimException invalidCursor(String detail) {
    return badRequest("invalidCursor", detail);
  }

  /**
   * A 412: {@code If-Match} named a version that is no longer current (RFC 7644 §3.14). RFC 7644
   * §3.12 gives 412 no {@code scimType} ({@code invalidVers} is about the protocol version), so
   * none is sent.
   */
  public static ScimException preconditionFailed(String detail) {
    return new ScimException(412, Optional.empty(), detail);
  }

  private static ScimException badRequest(String scimType, String detail) {
    return new ScimException(400, Optional.of(scimType), detail);
  }

  public int status() {
    return status;
  }

  public Optional<String> scimType() {
    return Optional.ofNullable(scimType);
  }

  public String detail() {
    return detail;
  }

  /**
   * The error body of RFC 7644 §3.12. {@code status} is a JSON string there ("409"), not a number;
   * {@code scimType} is left out when there is none.
   */
  public ObjectNode toErrorBody() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("schemas").add(ERROR_SCHEMA);
    body.put("status", Integer.toString(status));
    if (scimType != null) {
      body.put("scimType", scimType);
    }
    body.put("detail", detail);
    return body;
  }
}
