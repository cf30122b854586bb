package io.scimsync.domain.mapping;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.mapping.AttributePath.Kind;
import io.scimsync.domain.model.ScimGroup;
import io.scimsync.domain.model.ScimSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a local group to the SCIM group payload a provider should hold (RFC 7643 §4.2), without
 * {@code members}: the engine writes those, by PUT or PATCH as the target allows.
 */
public final class GroupMapper {
  private GroupMapper() {}

  /**
   * The group payload, built in this order (later steps win):
   * <ol>
   *   <li>defaults as authentik's: {@code displayName} = the group's name, {@code externalId} = its
   *       local id;</li>
   *   <li>the group's own {@code attributes}, deep-merged (objects merged recursively, any other
   *       value replaced);</li>
   *   <li>the provider's {@link AttributeOverrides#group() group overrides};</li>
   *   <li>nulls and emptied objects dropped, and {@code schemas} set to the core Group URN followed
   *       by the URN of every extension present as a top-level key.</li>
   * </ol>
   *
   * @throws IllegalArgumentException naming the group and the cause when the result is not a valid
   *     group: an attribute named {@code id}, {@code schemas}, {@code meta} or {@code members}, a
   *     {@code displayName} or {@code externalId} that is not a non-blank string, an extension URN
   *     that does not hold an object
   */
  public static ScimGroup map(LocalGroup group, AttributeOverrides overrides) {
    String subject = "group '" + group.id() + "'";
    Payloads.rejectUnusableKeys(group.attributes(), Kind.GROUP, subject);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("externalId", group.id());
    payload.put("displayName", group.name());
    Payloads.deepMerge(payload, group.attributes());
    Payloads.applyOverrides(payload, overrides.group(), Kind.GROUP, subject);
    return toGroup(Payloads.finish(payload), subject);
  }

  private static ScimGroup toGroup(Map<String, Object> payload, String subject) {
    String displayName = Payloads.requiredText(payload, "displayName", subject);
    Optional<String> externalId = Payloads.optionalText(payload, "externalId", subject);
    List<String> schemas = new ArrayList<>(List.of(ScimSchemas.GROUP));
    Map<String, Object> other = new LinkedHashMap<>();
    payload.forEach((key, value) -> {
      if (key.equalsIgnoreCase("displayName") || key.equalsIgnoreCase("externalId")) {
        return;
      }
      if (Payloads.isExtensionKey(key)) {
        Payloads.extension(key, value, subject);
        schemas.add(key);
      }
      other.put(key, value);
    });
    return new ScimGroup(schemas, Optional.empty(), externalId, displayName, Optional.empty(), other);
  }
}
