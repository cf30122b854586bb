package io.scimsync.testkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 7644 §3.5.2 PATCH on top of UnboundID's {@link PatchOperation}: we read the operations
 * ourselves (so that {@code op} is matched case-insensitively and every failure gets the right
 * {@code scimType}), and UnboundID applies them.
 *
 * <p>UnboundID 5.0.0 behaviours this relies on, checked against the jar:
 * <ul>
 *   <li>{@code remove} of {@code members[value eq "x"]} matching nothing succeeds and changes
 *       nothing; RFC 7644 §3.5.2.2 names no error for it, and Entra expects success;</li>
 *   <li>{@code remove} with path {@code members} and a value array ({@code [{"value":"x"}]}, as
 *       Entra and Okta send) removes those members; other paths take no value;</li>
 *   <li>{@code replace} with a value filter matching nothing is 400 {@code noTarget}, as RFC 7644
 *       §3.5.2.3 requires;</li>
 *   <li>{@code add} of a value already present appends a duplicate (the store de-duplicates
 *       members afterwards, as RFC 7644 §3.5.2.1 says it is no change), and {@code add} of a
 *       single object to {@code members} would replace the array by the object (we wrap it);</li>
 *   <li>path-less {@code add}/{@code replace} merge the value object into the resource;</li>
 *   <li>paths deeper than {@code attr.subAttr} are 400 {@code invalidPath}; UnboundID knows no
 *       schema, so types (a string {@code userName}) are checked by the store afterwards.</li>
 * </ul>
 */
final class Patches {
  static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  private Patches() {}

  /** A PATCH applied to a copy: the new state and how many member values it touched. */
  record Outcome(ObjectNode resource, int memberChanges) {}

  /** The operations of a PATCH body, validated but not applied. */
  static List<PatchOperation> parse(JsonNode body, ResourceStore.Kind kind, StoreOptions options) {
    if (body == null || !body.isObject()) {
      throw ScimException.invalidSyntax("a PATCH body must be a JSON object (RFC 7644 §3.5.2)");
    }
    if (options.requirePatchSchemas() && !listsPatchOpSchema(Json.field(body, "schemas"))) {
      throw ScimException.invalidSyntax("a PATCH body must have \"schemas\": [\"" + PATCH_OP_SCHEMA
          + "\"] (RFC 7644 §3.5.2)");
    }
    JsonNode operations = Json.field(body, "Operations");
    if (!operations.isArray() || operations.isEmpty()) {
      throw ScimException.invalidSyntax(
          "a PATCH body must have \"Operations\": an array of one or more operations (RFC 7644 §3.5.2)");
    }
    List<PatchOperation> parsed = new ArrayList<>(operations.size());
    for (int i = 0; i < operations.size(); i++) {
      operation(operations.get(i), i + 1, kind).ifPresent(parsed::add);
    }
    return parsed;
  }

  private static boolean listsPatchOpSchema(JsonNode schemas) {
    for (JsonNode schema : schemas) {
      if (schema.isTextual() && schema.textValue().equalsIgnoreCase(PATCH_OP_SCHEMA)) {
        return true;
      }
    }
    return false;
  }

  /** One operation; empty when it has nothing left to do (a path-less value of read-only names). */
  private static Optional<PatchOperation> operation(JsonNode node, int number,
                                                   ResourceStore.Kind kind) {
    String where = "operation " + number + ": ";
    if (!node.isObject()) {
      throw ScimException.invalidSyntax(where + "an operation must be a JSON object");
    }
    PatchOpType type = opType(Json.field(node, "op"), where);
    Optional<Path> path = path(Json.field(node, "path"), where);
    if (path.isPresent()) {
      requireMutable(path.get(), kind, where);
    }
    JsonNode value = Json.field(node, "value");
    boolean hasValue = !value.isMissingNode() && !value.isNull();
    try {
      if (type == PatchOpType.REMOVE) {
        if (path.isEmpty()) {
          throw ScimException.noTarget(where + "'remove' needs a path (RFC 7644 §3.5.2.2)");
        }
        PatchOperation remove = PatchOperation.remove(path.get());
        if (hasValue) {
          if (!isMembers(path.get(), true)) {
            throw ScimException.invalidSyntax(where + "'remove' takes a value only with path"
                + " 'members', not '" + path.get() + "'");
          }
          remove.setRemoveOpValue(value.isObject() ? wrap(value) : value);
        }
        return Optional.of(remove);
      }
      if (!hasValue) {
        throw ScimException.invalidSyntax(where + "'" + type.getStringValue() + "' needs a value");
      }
      JsonNode effective = value;
      if (path.isEmpty() && value.isObject()) {
        ObjectNode stripped = ((ObjectNode) value).deepCopy();
        ResourceStore.stripReadOnly(stripped, kind);
        if (stripped.isEmpty()) {
          return Optional.empty(); // only id/meta: ignored, as RFC 7643 §2.2 says of readOnly values
        }
        effective = stripped;
      } else if (path.isPresent() && isMembers(path.get(), true) && value.isObject()) {
        effective = wrap(value); // else UnboundID replaces the members array by this one object
      }
      return Optional.of(PatchOperation.create(type, path.orElse(null), effective));
    } catch (IllegalArgumentException e) {
      throw translate(e, where);
    } catch (IllegalStateException e) {
      throw ScimException.invalidSyntax(where + Json.firstLine(e.getMessage()));
    }
  }

  private static PatchOpType opType(JsonNode op, String where) {
    if (!op.isTextual()) {
      throw ScimException.invalidSyntax(where + "\"op\" must be \"add\", \"remove\" or \"replace\"");
    }
    // Entra sends "Replace", "Add", "Remove" (scim-clients-and-targets.md §1); RFC 7644 §3.5.2 is
    // silent on case, so any case is accepted
    switch (op.textValue().trim().toLowerCase(Locale.ROOT)) {
      case "add":
        return PatchOpType.ADD;
      case "remove":
        return PatchOpType.REMOVE;
      case "replace":
        return PatchOpType.REPLACE;
      default:
        throw ScimException.invalidSyntax(where + "unknown op '" + op.textValue()
            + "'; expected add, remove or replace");
    }
  }

  private static Optional<Path> path(JsonNode path, String where) {
    if (path.isMissingNode() || path.isNull()
        || (path.isTextual() && path.textValue().isBlank())) {
      return Optional.empty();
    }
    if (!path.isTextual()) {
      throw ScimException.invalidPath(where + "\"path\" must be a string");
    }
    try {
      return Optional.of(Path.fromString(path.textValue()));
    } catch (BadRequestException e) {
      throw ScimException.invalidPath(where + "invalid path '" + path.textValue() + "': "
          + Json.firstLine(e.getMessage()));
    }
  }

  /** id and meta are readOnly (RFC 7643 §3.1), and so are a user's groups (§4.1.2). */
  private static void requireMutable(Path path, ResourceStore.Kind kind, String where) {
    if (path.size() == 0 || !isCore(path)) {
      return;
    }
    String attribute = path.getElement(0).getAttribute();
    if (ResourceStore.isReadOnly(attribute, kind)) {
      throw ScimException.mutability(where + "'" + attribute + "' is read-only");
    }
  }

  /**
   * Applies {@code operations} in order to a copy of {@code stored}; the first failure throws and
   * leaves {@code stored} as it was, which makes the PATCH all-or-nothing (RFC 7644 §3.5.2).
   */
  static Outcome apply(ObjectNode stored, List<PatchOperation> operations, boolean countMembers) {
    ObjectNode work = stored.deepCopy();
    int changes = 0;
    for (int i = 0; i < operations.size(); i++) {
      PatchOperation operation = operations.get(i);
      boolean members = countMembers && touchesMembers(operation);
      Set<String> before = members ? memberValues(work) : Set.of();
      try {
        operation.apply(work);
      } catch (com.unboundid.scim2.common.exceptions.ScimException | RuntimeException e) {
        throw translate(e, "operation " + (i + 1) + ": ");
      }
      if (members) {
        changes += Math.max(declaredMembers(operation), difference(before, memberValues(work)));
      }
    }
    return new Outcome(work, changes);
  }

  /**
   * UnboundID's error as ours: its {@code scimType} is kept, and a 400 without one (such as "could
   * not extract a Member object list") becomes {@code invalidValue}.
   */
  static ScimException translate(Throwable failure, String where) {
    Throwable cause = failure;
    while (!(cause instanceof com.unboundid.scim2.common.exceptions.ScimException)
        && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof ScimException ours) {
      return ours;
    }
    if (!(cause instanceof com.unboundid.scim2.common.exceptions.ScimException scim)) {
      return ScimException.invalidValue(where + Json.firstLine(failure.getMessage()));
    }
    Integer status = scim.getScimError().getStatus();
    String scimType = scim.getScimError().getScimType();
    int code = status == null || status < 400 || status > 599 ? 400 : status;
    if (code == 400 && scimType == null) {
      scimType = "invalidValue";
    }
    return new ScimException(code, Optional.ofNullable(scimType),
        where + Json.firstLine(scim.getMessage()));
  }

  private static boolean touchesMembers(PatchOperation operation) {
    Path path = operation.getPath();
    if (path == null || path.size() == 0) {
      JsonNode value = operation.getJsonNode();
      return value != null && Json.fieldName(value, "members").isPresent();
    }
    return isMembers(path, false);
  }

  /** Member values the request names: an add/replace value array, a remove value array. */
  private static int declaredMembers(PatchOperation operation) {
    JsonNode value = operation.getJsonNode();
    if (value == null || value.isNull()) {
      return 0;
    }
    Path path = operation.getPath();
    if (path == null || path.size() == 0) {
      value = Json.field(value, "members");
    } else if (!isMembers(path, true)) {
      return 0; // members[value eq "x"].display changes no membership
    }
    return value.isArray() ? value.size() : value.isObject() ? 1 : 0;
  }

  private static int difference(Set<String> before, Set<String> after) {
    int changes = 0;
    for (String value : after) {
      if (!before.contains(value)) {
        changes++;
      }
    }
    for (String value : before) {
      if (!after.contains(value)) {
        changes++;
      }
    }
    return changes;
  }

  static Set<String> memberValues(JsonNode group) {
    Set<String> values = new HashSet<>();
    for (JsonNode member : Json.field(group, "members")) {
      JsonNode value = Json.field(member, "value");
      if (value.isTextual()) {
        values.add(value.textValue());
      }
    }
    return values;
  }

  /** {@code members} (whole attribute only) or {@code members...} (any path under it). */
  private static boolean isMembers(Path path, boolean wholeAttribute) {
    if (path.size() == 0 || !isCore(path)
        || !path.getElement(0).getAttribute().equalsIgnoreCase("members")) {
      return false;
    }
    return !wholeAttribute || (path.size() == 1 && path.getElement(0).getValueFilter() == null);
  }

  private static boolean isCore(Path path) {
    String urn = path.getSchemaUrn();
    return urn == null || urn.equalsIgnoreCase(ResourceStore.Kind.USERS.schema())
        || urn.equalsIgnoreCase(ResourceStore.Kind.GROUPS.schema());
  }

  private static ArrayNode wrap(JsonNode value) {
    return JsonUtils.getJsonNodeFactory().arrayNode().add(value);
  }
}
