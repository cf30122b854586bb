package io.scimsync.domain.mapping;

import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.mapping.AttributePath.Kind;
import io.scimsync.domain.model.EnterpriseUser;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.model.ScimUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Maps a local user to the SCIM user payload a provider should hold (RFC 7643 §4.1, §4.3). */
public final class UserMapper {
  private static final Set<String> ENTERPRISE_TEXT = Set.of(
      "employeeNumber", "costCenter", "organization", "division", "department");
  private static final Set<String> MANAGER_ATTRIBUTES = Set.of("value", "$ref", "displayName");

  private UserMapper() {}

  /**
   * The user payload, built in this order (later steps win):
   * <ol>
   *   <li>defaults as authentik's: {@code userName}; {@code externalId} = the local id;
   *       {@code displayName} when known; {@code name} (below); {@code emails} = one entry
   *       {@code {value, type "other", primary true}} when the user has an e-mail; {@code active};</li>
   *   <li>the user's own {@code attributes}, deep-merged (objects merged recursively, any other
   *       value replaced); a schema URN key holds that extension's attributes;</li>
   *   <li>the provider's {@link AttributeOverrides#user() user overrides};</li>
   *   <li>nulls and emptied objects dropped; the enterprise extension becomes
   *       {@link ScimUser#enterprise()}, any other extension goes to {@link ScimUser#extensions()},
   *       and {@code schemas} is the core User URN followed by the URN of each extension present.</li>
   * </ol>
   * {@code name} is {@code {formatted, givenName, familyName}}: from the given and family names when
   * either is known ({@code formatted} = both joined by a space, as Entra ID maps it); otherwise
   * split from the display name as authentik does ({@code givenName} = the text before the first
   * space, {@code familyName} = the rest, omitted when blank; {@code formatted} = the display name);
   * absent when none of the three is known.
   *
   * @throws IllegalArgumentException naming the user and the cause when the result is not a valid
   *     user: an attribute named {@code id}, {@code schemas} or {@code meta}, a {@code userName},
   *     {@code externalId} or {@code displayName} that is not a non-blank string, {@code active}
   *     not a boolean, {@code name} not an object, {@code emails} not a list, an extension URN that
   *     does not hold an object, or enterprise attributes the enterprise schema cannot carry
   */
  public static ScimUser map(LocalUser user, AttributeOverrides overrides) {
    String subject = "user '" + user.id() + "'";
    Payloads.rejectUnusableKeys(user.attributes(), Kind.USER, subject);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("userName", user.userName());
    payload.put("externalId", user.id());
    user.displayName().ifPresent(displayName -> payload.put("displayName", displayName));
    name(user).ifPresent(name -> payload.put("name", name));
    user.email().ifPresent(email -> payload.put("emails",
        List.of(JsonValues.object("value", email, "type", "other", "primary", true))));
    payload.put("active", user.active());
    Payloads.deepMerge(payload, user.attributes());
    Payloads.applyOverrides(payload, overrides.user(), Kind.USER, subject);
    return toUser(Payloads.finish(payload), subject);
  }

  private static Optional<Map<String, Object>> name(LocalUser user) {
    Map<String, Object> name = new LinkedHashMap<>();
    if (user.givenName().isPresent() || user.familyName().isPresent()) {
      name.put("formatted", Stream.of(user.givenName(), user.familyName())
          .flatMap(Optional::stream).collect(Collectors.joining(" ")));
      user.givenName().ifPresent(given -> name.put("givenName", given));
      user.familyName().ifPresent(family -> name.put("familyName", family));
    } else if (user.displayName().isPresent()) {
      String displayName = user.displayName().get();
      String full = displayName.strip();
      int space = full.indexOf(' ');
      name.put("formatted", displayName);
      name.put("givenName", space < 0 ? full : full.substring(0, space));
      if (space >= 0) {
        name.put("familyName", full.substring(space + 1).strip());
      }
    }
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  private static ScimUser toUser(Map<String, Object> payload, String subject) {
    String userName = Payloads.requiredText(payload, "userName", subject);
    Optional<String> externalId = Payloads.optionalText(payload, "externalId", subject);
    Payloads.optionalText(payload, "displayName", subject);
    Payloads.requireType(payload, "active", Boolean.class, "a boolean", subject);
    Payloads.requireType(payload, "name", Map.class, "an object", subject);
    Payloads.requireType(payload, "emails", List.class, "a list", subject);
    Map<String, Object> core = new LinkedHashMap<>();
    Optional<EnterpriseUser> enterprise = Optional.empty();
    Map<String, Map<String, Object>> extensions = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : payload.entrySet()) {
      String key = entry.getKey();
      if (key.equalsIgnoreCase("userName") || key.equalsIgnoreCase("externalId")) {
        continue;
      }
      if (!Payloads.isExtensionKey(key)) {
        core.put(key, entry.getValue());
      } else if (key.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER)) {
        enterprise = enterprise(Payloads.extension(key, entry.getValue(), subject), subject);
      } else {
        extensions.put(key, Payloads.extension(key, entry.getValue(), subject));
      }
    }
    // the order ScimUser.toMap writes the extensions in
    List<String> schemas = new ArrayList<>(List.of(ScimSchemas.USER));
    enterprise.ifPresent(e -> schemas.add(ScimSchemas.ENTERPRISE_USER));
    schemas.addAll(extensions.keySet());
    return new ScimUser(schemas, Optional.empty(), externalId, userName, core, enterprise, extensions);
  }

  /**
   * The enterprise extension, refusing what {@link EnterpriseUser} would silently drop: a
   * non-text value for a text attribute, or a manager that is not an object of value, $ref and
   * displayName. Empty when nothing non-blank remains.
   */
  private static Optional<EnterpriseUser> enterprise(Map<String, Object> attributes, String subject) {
    String prefix = ScimSchemas.ENTERPRISE_USER + ":";
    attributes.forEach((key, value) -> {
      if (ENTERPRISE_TEXT.contains(key) && !(value instanceof String || value instanceof Number)) {
        throw new IllegalArgumentException(subject + ": " + prefix + key + " must be a string, not "
            + Payloads.describe(value));
      }
      if (key.equals("manager")) {
        if (!(value instanceof Map<?, ?> manager)) {
          throw new IllegalArgumentException(subject + ": " + prefix + "manager must be an object, not "
              + Payloads.describe(value));
        }
        manager.keySet().stream().filter(sub -> !MANAGER_ATTRIBUTES.contains(sub)).findFirst()
            .ifPresent(sub -> {
              throw new IllegalArgumentException(subject + ": " + prefix + "manager." + sub
                  + " is not an attribute of manager (value, $ref, displayName)");
            });
      }
    });
    EnterpriseUser enterprise = EnterpriseUser.fromMap(attributes);
    return enterprise.toMap().isEmpty() ? Optional.empty() : Optional.of(enterprise);
  }
}
