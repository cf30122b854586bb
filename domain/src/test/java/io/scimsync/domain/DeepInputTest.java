package io.scimsync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.change.AttributeChanges;
import io.scimsync.domain.change.Projection;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.engine.Adoption;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.mapping.AttributeOverrides;
import io.scimsync.domain.model.DeepJson;
import io.scimsync.domain.model.EnterpriseUser;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ListResponse;
import io.scimsync.domain.model.PatchOperation;
import io.scimsync.domain.model.ScimGroup;
import io.scimsync.domain.model.ScimUser;
import io.scimsync.domain.model.TooDeepException;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.VendorProfiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way into a recursive walk of the domain, given a value 100,000 levels deep: each is
 * refused with a {@link TooDeepException} naming where, never a {@code StackOverflowError} (which
 * Pekko treats as fatal and answers by exiting the JVM). The values are built without recursion.
 */
class DeepInputTest {
  static final int DEEP = 100_000;

  /** The deep value (objects and lists taking turns) under {@code key}, beside a plain member. */
  static Map<String, Object> with(String key) {
    Map<String, Object> holder = new LinkedHashMap<>();
    holder.put("userName", "deep");
    holder.put(key, DeepJson.mixed(DEEP));
    return holder;
  }

  static Stream<Arguments> walkers() {
    return Stream.of(
        walker("JsonValues.copy", "$.a[0]", v -> JsonValues.copy(v)),
        walker("JsonValues.copyObject", "$.a[0]", v -> JsonValues.copyObject(v)),
        walker("JsonValues.object", "$.x.a[0]", v -> JsonValues.object("x", v)),
        walker("Projection.of", "payload.x.a[0]", v -> Projection.of(Map.of("x", v))),
        walker("Projection.restrict, found", "found.x.a[0]",
            v -> Projection.restrict(Map.of("x", v), List.of(Map.of("x", 1)))),
        walker("Projection.restrict, written", "written[0].x.a[0]",
            v -> Projection.restrict(Map.of("x", 1), List.of(Map.of("x", v)))),
        walker("AttributeChanges.between, previous", "previous.x.a[0]",
            v -> AttributeChanges.between(Map.of("x", v), Map.of("x", "now"))),
        walker("AttributeChanges.between, desired", "desired.x.a[0]",
            v -> AttributeChanges.between(Map.of("x", "before"), Map.of("x", v))),
        walker("LocalUser attributes (UserMapper's input)", "attributes.x.a[0]",
            v -> new LocalUser("u1", "ada", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true, Map.of("x", v))),
        walker("LocalGroup attributes (GroupMapper's input)", "attributes.x.a[0]",
            v -> new LocalGroup("g1", "Engineering", java.util.Set.of(), Map.of("x", v))),
        walker("AttributeOverrides (the mappers' other input)", "title.a[0]",
            v -> new AttributeOverrides(Map.of("title", v), Map.of())),
        walker("ScimUser core attributes", "$.x.a[0]", v -> ScimUser.fromMap(with("x"))),
        walker("ScimUser extension", "$.a[0]",
            v -> ScimUser.fromMap(with("urn:example:params:scim:schemas:extension:x:2.0:User"))),
        walker("EnterpriseUser other attributes", "$.x.a[0]", v -> EnterpriseUser.fromMap(Map.of("x", v))),
        walker("ScimGroup other attributes", "$.x.a[0]",
            v -> ScimGroup.fromMap(Map.of("displayName", "Eng", "x", v))),
        walker("ListResponse resources", "$.x.a[0]", v -> ListResponse.fromBody(Map.of(
            "Resources", List.of(Map.of("x", v))))),
        walker("PatchOperation value", "value.a[0]", v -> PatchOperation.replace("title", v)),
        walker("ScimRequest body", "body.x.a[0]", v -> ScimRequest.patch("/Users/1", Map.of("x", v))),
        walker("ScimReply.Received body", "body.x.a[0]",
            v -> ScimReply.Received.of(200, Map.of("x", v))),
        walker("Adoption.Adopt resource", "$.x.a[0]",
            v -> new Adoption.Adopt("r1", "u1", Adoption.MatchedBy.USER_NAME, Map.of("x", v))));
  }

  static Arguments walker(String name, String pathStart, Consumer<Map<String, Object>> walk) {
    return Arguments.of(name, pathStart, walk);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("walkers")
  void refusesA100000LevelValue_withTooDeepNamingThePath(String name, String pathStart,
                                                          Consumer<Map<String, Object>> walk) {
    Map<String, Object> deep = DeepJson.mixed(DEEP);

    assertThatThrownBy(() -> walk.accept(deep))
        .isInstanceOf(TooDeepException.class)
        .hasMessageStartingWith("nested too deep (more than 128 levels) at " + pathStart);
  }

  @Test
  void vendorProfileOverrides_refuseANestedValueWithoutPrintingIt() {
    // toString() of a nested value recurses as deep as it nests
    assertThatThrownBy(() -> VendorProfiles.resolve("aws", Map.of("maxMembersPerRequest",
        DeepJson.mixed(DEEP))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profile field 'maxMembersPerRequest' must be a non-negative integer,"
            + " got an object");
  }

  @Test
  void serviceProviderConfig_readsOnlyTheLevelsItNeeds() {
    Map<String, Object> document = Map.of("patch", Map.of("supported", true),
        "filter", DeepJson.mixed(DEEP));

    assertThat(TargetCapabilities.fromServiceProviderConfig(document).patchSupported()).isTrue();
  }
}
