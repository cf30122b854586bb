package io.scimsync.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert;

/** Builders and assertions shared by the store's tests. */
final class StoreFixtures {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreFixtures() {}

  /**
   * JSON written with single quotes for readability: every {@code '} becomes {@code "}, so
   * {@code \'} inside a string becomes an escaped quote ({@code 'members[value eq \'u-1\']'}).
   * A literal single quote cannot be written.
   */
  static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }

  static ObjectNode user(String userName) {
    return json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'" + userName + "'}");
  }

  static ObjectNode group(String displayName, String... memberIds) {
    ObjectNode group = json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group']}");
    group.put("displayName", displayName);
    if (memberIds.length > 0) {
      var members = group.putArray("members");
      for (String id : memberIds) {
        members.addObject().put("value", id);
      }
    }
    return group;
  }

  /** A PATCH body with the PatchOp schema around {@code operations} (a JSON array, single-quoted). */
  static ObjectNode patchOp(String operations) {
    return json("{'schemas':['" + PATCH_OP + "'],'Operations':" + operations + "}");
  }

  static List<String> memberValues(JsonNode group) {
    List<String> values = new ArrayList<>();
    group.path("members").forEach(m -> values.add(m.path("value").asText()));
    return values;
  }

  static List<String> texts(List<ObjectNode> resources, String attribute) {
    List<String> values = new ArrayList<>();
    resources.forEach(r -> values.add(r.path(attribute).asText()));
    return values;
  }

  static String version(JsonNode resource) {
    return resource.path("meta").path("version").asText();
  }

  static Optional<String> none() {
    return Optional.empty();
  }

  /** The ScimException {@code call} throws, failing the test if it throws none. */
  static ScimException scimError(ThrowableAssert.ThrowingCallable call) {
    ScimException e = catchThrowableOfType(ScimException.class, call);
    assertThat(e).as("expected a ScimException").isNotNull();
    return e;
  }

  /** A clock the test moves by hand, to see {@code lastModified} change. */
  static final class ManualClock extends Clock {
    private Instant now = T0;

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
