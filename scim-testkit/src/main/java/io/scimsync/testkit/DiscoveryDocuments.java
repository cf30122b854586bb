package io.scimsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The discovery endpoints of RFC 7644 §4: ServiceProviderConfig, ResourceTypes and Schemas, as
 * this server's profile makes them. The configuration tells the truth about the quirks a client
 * can learn from it (PATCH, ETags, page size); the vendor quirks it does not announce stay
 * unannounced, as on the real targets.
 */
final class DiscoveryDocuments {
  static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  private final ObjectMapper json;
  private final ServerProfile profile;
  private final java.util.function.Supplier<String> baseUrl;

  DiscoveryDocuments(ObjectMapper json, ServerProfile profile,
                     java.util.function.Supplier<String> baseUrl) {
    this.json = json;
    this.profile = profile;
    this.baseUrl = baseUrl;
  }

  ObjectNode serviceProviderConfig() {
    ObjectNode spc = json.createObjectNode();
    spc.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    spc.put("documentationUri", "https://github.com/scimsync (scim-testkit, profile "
        + profile.name() + ")");
    spc.putObject("patch").put("supported", !profile.has(Quirk.NO_PATCH));
    spc.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
    spc.putObject("filter").put("supported", true).put("maxResults",
        profile.has(Quirk.PAGE_SIZE_LIMIT) ? profile.pageSizeLimit() : ResourceLimits.DEFAULT_MAX_PAGE);
    spc.putObject("changePassword").put("supported", false);
    spc.putObject("sort").put("supported", false);
    spc.putObject("etag").put("supported", profile.has(Quirk.ETAGS));
    ObjectNode bearer = spc.putArray("authenticationSchemes").addObject();
    bearer.put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
        .put("description", "Authentication with a bearer token").put("primary", true);
    spc.set("meta", meta("ServiceProviderConfig", "/ServiceProviderConfig"));
    return spc;
  }

  /** The path the configuration is served at, or empty when the profile has none. */
  Optional<String> serviceProviderConfigPath() {
    if (profile.has(Quirk.NO_SERVICE_PROVIDER_CONFIG)) {
      return Optional.empty();
    }
    return Optional.of(profile.has(Quirk.SPC_AT_PLURAL_PATH)
        ? "/ServiceProviderConfigs" : "/ServiceProviderConfig");
  }

  ObjectNode resourceTypes() {
    return list(resourceType("User", "/Users", USER_SCHEMA, true), resourceType("Group", "/Groups",
        GROUP_SCHEMA, false));
  }

  Optional<ObjectNode> resourceType(String name) {
    if (name.equals("User")) {
      return Optional.of(resourceType("User", "/Users", USER_SCHEMA, true));
    }
    if (name.equals("Group")) {
      return Optional.of(resourceType("Group", "/Groups", GROUP_SCHEMA, false));
    }
    return Optional.empty();
  }

  ObjectNode schemas() {
    return list(userSchema(), groupSchema(), enterpriseSchema());
  }

  Optional<ObjectNode> schema(String id) {
    for (JsonNode schema : schemas().get("Resources")) {
      if (schema.get("id").asText().equals(id)) {
        return Optional.of((ObjectNode) schema);
      }
    }
    return Optional.empty();
  }

  private ObjectNode resourceType(String name, String endpoint, String schema, boolean enterprise) {
    ObjectNode type = json.createObjectNode();
    type.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    type.put("id", name).put("name", name).put("endpoint", endpoint).put("schema", schema);
    if (enterprise) {
      type.putArray("schemaExtensions").addObject().put("schema", ENTERPRISE_SCHEMA)
          .put("required", false);
    }
    type.set("meta", meta("ResourceType", "/ResourceTypes/" + name));
    return type;
  }

  private ObjectNode userSchema() {
    ObjectNode schema = schema(USER_SCHEMA, "User");
    ArrayNode attributes = schema.putArray("attributes");
    attributes.add(attribute("userName", "string", false, true, "server"));
    attributes.add(attribute("displayName", "string", false, false, "none"));
    attributes.add(attribute("active", "boolean", false, false, "none"));
    ObjectNode name = attribute("name", "complex", false, false, "none");
    ArrayNode nameSubs = name.putArray("subAttributes");
    for (String sub : new String[] {"formatted", "familyName", "givenName", "middleName"}) {
      nameSubs.add(attribute(sub, "string", false, false, "none"));
    }
    attributes.add(name);
    ObjectNode emails = attribute("emails", "complex", true, false, "none");
    ArrayNode emailSubs = emails.putArray("subAttributes");
    emailSubs.add(attribute("value", "string", false, false, "none"));
    emailSubs.add(attribute("type", "string", false, false, "none"));
    emailSubs.add(attribute("primary", "boolean", false, false, "none"));
    attributes.add(emails);
    ObjectNode groups = attribute("groups", "complex", true, false, "none");
    groups.put("mutability", "readOnly");
    attributes.add(groups);
    return schema;
  }

  private ObjectNode groupSchema() {
    ObjectNode schema = schema(GROUP_SCHEMA, "Group");
    ArrayNode attributes = schema.putArray("attributes");
    attributes.add(attribute("displayName", "string", false, true,
        profile.has(Quirk.DUPLICATES_ALLOWED) ? "none" : "server"));
    ObjectNode members = attribute("members", "complex", true, false, "none");
    ArrayNode subs = members.putArray("subAttributes");
    subs.add(attribute("value", "string", false, false, "none"));
    subs.add(attribute("type", "string", false, false, "none"));
    subs.add(attribute("display", "string", false, false, "none"));
    subs.add(attribute("$ref", "reference", false, false, "none"));
    attributes.add(members);
    return schema;
  }

  private ObjectNode enterpriseSchema() {
    ObjectNode schema = schema(ENTERPRISE_SCHEMA, "EnterpriseUser");
    ArrayNode attributes = schema.putArray("attributes");
    for (String name : new String[] {"employeeNumber", "costCenter", "organization", "division",
        "department"}) {
      attributes.add(attribute(name, "string", false, false, "none"));
    }
    ObjectNode manager = attribute("manager", "complex", false, false, "none");
    manager.putArray("subAttributes").add(attribute("value", "string", false, false, "none"));
    attributes.add(manager);
    return schema;
  }

  private ObjectNode schema(String id, String name) {
    ObjectNode schema = json.createObjectNode();
    schema.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
    schema.put("id", id).put("name", name);
    schema.set("meta", meta("Schema", "/Schemas/" + id));
    return schema;
  }

  private ObjectNode attribute(String name, String type, boolean multiValued, boolean required,
                               String uniqueness) {
    ObjectNode attribute = json.createObjectNode();
    attribute.put("name", name).put("type", type).put("multiValued", multiValued)
        .put("required", required).put("caseExact", false).put("mutability", "readWrite")
        .put("returned", "default").put("uniqueness", uniqueness);
    return attribute;
  }

  private ObjectNode meta(String resourceType, String path) {
    ObjectNode meta = json.createObjectNode();
    meta.put("resourceType", resourceType).put("location", baseUrl.get() + path);
    return meta;
  }

  private ObjectNode list(ObjectNode... resources) {
    ObjectNode list = json.createObjectNode();
    list.putArray("schemas").add(LIST_SCHEMA);
    list.put("totalResults", resources.length).put("itemsPerPage", resources.length)
        .put("startIndex", 1);
    ArrayNode array = list.putArray("Resources");
    for (ObjectNode resource : resources) {
      array.add(resource);
    }
    return list;
  }
}
