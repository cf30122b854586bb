package io.scimsync.testkit.store;

import static io.scimsync.testkit.store.StoreFixtures.json;
import static io.scimsync.testkit.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.store.ResourceStore.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The store's Java API (seeding, embedding) refuses nodes nested deeper than
 * {@link ResourceStore#MAX_DEPTH} as HTTP does, before Jackson's or UnboundID's recursive copies
 * see them: a 100,000-deep node is a 400 {@code invalidSyntax}, not a {@code StackOverflowError},
 * and {@link ResourceStore#dump()} keeps working.
 */
class ResourceStoreDepthTest {
  static final int DEEP = 100_000;
  private final ResourceStore store = new ResourceStore(StoreOptions.rfc());

  /** A user whose "x" nests {@code levels} objects, built without recursion. */
  static ObjectNode deepUser(String userName, int levels) {
    ObjectNode inner = JsonNodeFactory.instance.objectNode();
    for (int i = 1; i < levels; i++) {
      ObjectNode outer = JsonNodeFactory.instance.objectNode();
      outer.set("a", inner);
      inner = outer;
    }
    ObjectNode user = user(userName);
    user.set("x", inner);
    return user;
  }

  static void assertTooDeep(Runnable write, String what) {
    assertThatThrownBy(write::run)
        .isInstanceOf(ScimException.class)
        .satisfies(e -> {
          ScimException scim = (ScimException) e;
          assertThat(scim.status()).isEqualTo(400);
          assertThat(scim.scimType()).contains("invalidSyntax");
          assertThat(scim.getMessage()).startsWith(what + " nests deeper than 48 levels of objects"
              + " and arrays (at /x/a/a/");
        });
  }

  @Test
  void createAndReplace_refuseA100000LevelUser_andStoreNothing() {
    assertTooDeep(() -> store.create(Kind.USERS, deepUser("deep", DEEP)), "the resource");
    String id = store.create(Kind.USERS, user("ada")).get("id").asText();
    assertTooDeep(() -> store.replace(Kind.USERS, id, deepUser("ada", DEEP), Optional.empty()),
        "the resource");

    assertThat(store.size(Kind.USERS)).isEqualTo(1);
    assertThat(store.get(Kind.USERS, id).has("x")).isFalse();
    assertThat(store.dump().get("users")).hasSize(1);
  }

  @Test
  void patch_refusesA100000LevelBody() {
    String id = store.create(Kind.USERS, user("ada")).get("id").asText();
    ObjectNode body = json("{'schemas':['" + StoreFixtures.PATCH_OP + "'],"
        + "'Operations':[{'op':'replace','path':'x'}]}");
    ((ObjectNode) body.get("Operations").get(0)).set("value", deepUser("ignored", DEEP).get("x"));

    assertThatThrownBy(() -> store.patch(Kind.USERS, id, body, Optional.empty()))
        .isInstanceOf(ScimException.class)
        .hasMessageStartingWith("the PATCH body nests deeper than 48 levels of objects and arrays"
            + " (at /Operations/0/value/a/");
    assertThat(store.get(Kind.USERS, id).has("x")).isFalse();
  }

  @Test
  void select_refusesA100000LevelResource() {
    assertTooDeep(() -> ResourceStore.select(deepUser("deep", DEEP), List.of("x.a"), List.of()),
        "the resource");
  }

  @Test
  void acceptsExactly48Levels() {
    ObjectNode stored = store.create(Kind.USERS, deepUser("ada", 47));

    assertThat(stored.at("/x/a").isObject()).isTrue();
    assertThat(store.dump().get("users")).hasSize(1);
  }
}
