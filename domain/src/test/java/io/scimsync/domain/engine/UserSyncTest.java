package io.scimsync.domain.engine;

import static io.scimsync.domain.model.ScimSchemas.ENTERPRISE_USER;
import static io.scimsync.domain.model.ScimSchemas.LIST_RESPONSE;
import static io.scimsync.domain.model.ScimSchemas.PATCH_OP;
import static io.scimsync.domain.model.ScimSchemas.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.change.Projection;
import io.scimsync.domain.model.ScimUser;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.TargetStrategy;
import io.scimsync.domain.target.VendorProfiles;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserSyncTest {

  // --- targets ---------------------------------------------------------------------------------

  /** Default profile, no ServiceProviderConfig: PATCH support unknown, so users are PUT. */
  static final TargetStrategy PUT_TARGET =
      TargetStrategy.of(TargetCapabilities.assumed(), VendorProfiles.DEFAULT);

  /** Default profile on a target that announces PATCH and filter: one path-less replace. */
  static final TargetStrategy PATCH_TARGET = TargetStrategy.of(
      TargetCapabilities.fromServiceProviderConfig(Map.of(
          "patch", Map.of("supported", true), "filter", Map.of("supported", true))),
      VendorProfiles.DEFAULT);

  static final TargetStrategy PER_ATTRIBUTE_TARGET = TargetStrategy.of(
      TargetCapabilities.assumed(),
      VendorProfiles.DEFAULT.withOverrides(Map.of("userAttributes", "PATCH_PER_ATTRIBUTE")));

  /** No PATCH, no filter, PUT only. */
  static final TargetStrategy VCENTER =
      TargetStrategy.of(TargetCapabilities.assumed(), VendorProfiles.VCENTER);

  // --- fixtures --------------------------------------------------------------------------------

  /** alice as the mapping produces her, in wire form. */
  static Map<String, Object> alice() {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("schemas", List.of(USER, ENTERPRISE_USER));
    wire.put("externalId", "u1");
    wire.put("userName", "alice");
    wire.put("name", Map.of("givenName", "Alice", "familyName", "Smith"));
    wire.put("displayName", "Alice Smith");
    wire.put("title", "Engineer");
    wire.put("emails", List.of(Map.of("value", "alice@example.com", "type", "work", "primary", true)));
    wire.put("active", true);
    wire.put(ENTERPRISE_USER, Map.of("department", "Eng", "costCenter", "CC1"));
    return wire;
  }

  static Map<String, Object> with(Map<String, Object> wire, Object... keysAndValues) {
    Map<String, Object> copy = new LinkedHashMap<>(wire);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      copy.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return copy;
  }

  static Map<String, Object> without(Map<String, Object> wire, String... keys) {
    Map<String, Object> copy = new LinkedHashMap<>(wire);
    Arrays.asList(keys).forEach(copy::remove);
    return copy;
  }

  static DesiredUser desired(Map<String, Object> wire) {
    return new DesiredUser("u1", ScimUser.fromMap(wire).orElseThrow());
  }

  static WrittenUser written(String remoteId, Map<String, Object> wire) {
    return new WrittenUser(remoteId, Projection.of(wire), Optional.empty());
  }

  // --- replies ---------------------------------------------------------------------------------

  static ScimReply reply(int status) {
    return ScimReply.Received.of(status);
  }

  static ScimReply reply(int status, Map<String, ?> body) {
    return ScimReply.Received.of(status, body);
  }

  static ScimReply withVersion(int status, String id, String version) {
    return reply(status, Map.of("id", id, "meta", Map.of("version", version)));
  }

  static ScimReply error(int status, String scimType, String detail) {
    return reply(status, Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:Error"),
        "status", Integer.toString(status), "scimType", scimType, "detail", detail));
  }

  @SafeVarargs
  static ScimReply list(Map<String, Object>... resources) {
    return reply(200, Map.of("schemas", List.of(LIST_RESPONSE), "totalResults", resources.length,
        "Resources", List.of(resources)));
  }

  static final ScimReply WITHHELD = new ScimReply.WithheldByDryRun();

  // --- expected requests -----------------------------------------------------------------------

  static ScimRequest post(Map<String, Object> body) {
    return ScimRequest.post("/Users", body);
  }

  static ScimRequest put(String id, Map<String, Object> body) {
    return ScimRequest.put("/Users/" + id, body);
  }

  @SafeVarargs
  static ScimRequest patch(String id, Map<String, Object>... operations) {
    return ScimRequest.patch("/Users/" + id,
        Map.of("schemas", List.of(PATCH_OP), "Operations", List.of(operations)));
  }

  static Map<String, Object> replace(Map<String, Object> value) {
    return Map.of("op", "replace", "value", value);
  }

  static Map<String, Object> replace(String path, Object value) {
    return Map.of("op", "replace", "path", path, "value", value);
  }

  static Map<String, Object> remove(String path) {
    return Map.of("op", "remove", "path", path);
  }

  static ScimRequest lookup(String filter) {
    return ScimRequest.get("/Users", Map.of("filter", filter));
  }

  // --- driver ----------------------------------------------------------------------------------

  /** What a run sent, and how it ended. */
  record Run(List<ScimRequest> requests, UserSyncResult result) {}

  /** Drives {@code sync} with scripted replies, one per request, and records the requests. */
  static Run drive(UserSync sync, ScimReply... replies) {
    Deque<ScimReply> script = new ArrayDeque<>(List.of(replies));
    List<ScimRequest> sent = new ArrayList<>();
    Step<UserSyncResult> step = sync.start();
    while (step instanceof Step.Send<UserSyncResult> send) {
      sent.add(send.request());
      assertThat(script).as("a scripted reply for request %d, %s", sent.size(),
          send.request().describe()).isNotEmpty();
      step = sync.onReply(script.poll());
    }
    assertThat(script).as("replies left unused after %s", sent).isEmpty();
    UserSyncResult result = ((Step.Done<UserSyncResult>) step).result();
    assertThat(result.requests()).isEqualTo(sent.size());
    return new Run(sent, result);
  }

  // --- create ----------------------------------------------------------------------------------

  @Nested
  class Create {
    @Test
    void postsPayloadWithoutId_andLinksReturnedId() {
      DesiredUser user = desired(with(alice(), "id", "stale"));

      Run run = drive(UserSync.write(user, Optional.empty(), PUT_TARGET),
          reply(201, with(alice(), "id", "123", "meta", Map.of("version", "W/\"1\""))));

      assertThat(run.requests()).containsExactly(post(alice()));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.CREATED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("W/\"1\"")));
      assertThat(run.result().failure()).isEmpty();
    }

    @Test
    void linksNumericId_asDecimalText() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(201, Map.of("id", 42, "userName", "alice")));

      assertThat(run.result().written()).map(WrittenUser::remoteId).contains("42");
    }

    @Test
    void failsPermanently_whenCreateReplyHasNoId() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(201, Map.of("userName", "alice")));

      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().written()).isEmpty();
      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(failure.message()).isEqualTo("POST /Users for user 'alice' (local id u1): 201"
          + " response without an id; the user cannot be linked");
    }

    @Test
    void failsPermanently_whenCreateIsRejected_W6() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          error(400, "invalidValue", "emails[0].value is not an address"));

      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(failure.message()).isEqualTo("POST /Users for user 'alice' (local id u1): 400"
          + " invalidValue: emails[0].value is not an address");
      assertThat(run.result().written()).isEmpty();
    }
  }

  // --- 409 and adoption --------------------------------------------------------------------------

  @Nested
  class Adoption {
    /** What a target shows for alice: more than we wrote, and an outdated display name. */
    Map<String, Object> remoteAlice(String id, String userName) {
      Map<String, Object> remote = with(alice(), "id", id, "userName", userName,
          "displayName", "Old Name",
          "name", Map.of("givenName", "Alice", "familyName", "Smith", "formatted", "Alice Smith"),
          "emails", List.of(Map.of("value", "alice@example.com", "type", "work", "primary", true,
              "display", "alice@example.com")),
          "groups", List.of(Map.of("value", "g1", "display", "Engineering")),
          "nickName", "Al",
          "meta", Map.of("resourceType", "User", "version", "W/\"7\""));
      return remote;
    }

    @Test
    void adoptsExactUserName_after409_andPatchesOnlyWhatDiffers_W1() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PATCH_TARGET),
          error(409, "uniqueness", "userName is taken"),
          list(remoteAlice("999", "Alice"), remoteAlice("123", "alice")),
          withVersion(200, "123", "W/\"8\""));

      assertThat(run.requests()).containsExactly(
          post(alice()),
          lookup("userName eq \"alice\""),
          // name.formatted, emails[].display, groups and nickName are the target's, not ours
          patch("123", replace(Map.of("displayName", "Alice Smith"))));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.ADOPTED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("W/\"8\"")));
    }

    @Test
    void adoptsExactUserName_after409_andPutsWhenAttributesDiffer() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), list(remoteAlice("123", "alice")), withVersion(200, "123", "v2"));

      assertThat(run.requests()).containsExactly(post(alice()), lookup("userName eq \"alice\""),
          put("123", with(alice(), "id", "123")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.ADOPTED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("v2")));
    }

    @Test
    void escapesQuoteAndBackslash_inConflictFilter_andAdoptsUnchangedUserWithoutWriting_W1() {
      String name = "a\"b\\c";
      Map<String, Object> wire = with(alice(), "userName", name);

      Run run = drive(UserSync.write(desired(wire), Optional.empty(), PUT_TARGET),
          reply(409),
          list(with(wire, "id", "123", "meta", Map.of("version", "v5"))));

      assertThat(run.requests()).containsExactly(post(wire), lookup("userName eq \"a\\\"b\\\\c\""));
      assertThat(run.requests().get(1).query().get("filter")).isEqualTo("userName eq \"a\\\"b\\\\c\"");
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.ADOPTED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(wire), Optional.of("v5")));
    }

    @Test
    void adoptsTheOneUserWhoseNameDiffersOnlyInCase_andSaysSo() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), list(remoteAlice("999", "Alice"), remoteAlice("555", "alice2")),
          withVersion(200, "999", "v2"));

      assertThat(run.requests()).hasSize(3);
      assertThat(run.requests().get(2)).isEqualTo(put("999", with(alice(), "id", "999")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.ADOPTED);
      assertThat(run.result().written()).map(WrittenUser::remoteId).contains("999");
      assertThat(run.result().note()).contains("adopted the existing user 'Alice', whose "
          + "userName differs from 'alice' only in case");
    }

    @Test
    void refusesTwoUsersWhoseNamesDifferOnlyInCase() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), list(remoteAlice("999", "Alice"), remoteAlice("998", "ALICE")));

      assertThat(run.requests()).hasSize(2);
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().written()).isEmpty();
      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.CONFLICT);
      assertThat(failure.message()).isEqualTo("user 'alice' (local id u1): POST /Users answered"
          + " 409 but 2 users have the userName 'alice' but for case, so adoption is ambiguous"
          + " (found 'Alice', 'ALICE')");
    }

    @Test
    void refusesAmbiguousExactMatches_W1() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), list(remoteAlice("1", "alice"), remoteAlice("2", "alice")));

      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.CONFLICT);
      assertThat(failure.message()).endsWith(
          "2 users have exactly the userName 'alice', so adoption is ambiguous");
      assertThat(run.result().written()).isEmpty();
    }

    @Test
    void refusesMatchWithoutId() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), list(alice()));

      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.CONFLICT);
      assertThat(failure.message()).endsWith(
          "the user named exactly 'alice' came without an id, so it cannot be linked");
    }

    @Test
    void reportsConflict_whenLookupFindsNothing_W1() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), list());

      assertThat(run.result().failure().orElseThrow().message()).endsWith(
          "no user has exactly the userName 'alice' (the filter found none)");
    }

    @Test
    void failsWithConflict_when409AndTargetCannotFilter() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), VCENTER),
          error(409, "uniqueness", "exists"));

      assertThat(run.requests()).containsExactly(post(alice()));
      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.CONFLICT);
      assertThat(failure.status()).hasValue(409);
      assertThat(failure.message()).isEqualTo("POST /Users for user 'alice' (local id u1): the"
          + " user exists on the target (409) and the target cannot filter, so it cannot be adopted");
    }

    @Test
    void failsPermanently_whenLookupIsRejected() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), error(400, "invalidFilter", "filter not supported"));

      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(failure.message()).isEqualTo("GET /Users for user 'alice' (local id u1) (looking"
          + " up the existing user after 409): 400 invalidFilter: filter not supported");
    }

    @Test
    void failsPermanently_whenLookupReplyIsNoList() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          reply(409), new ScimReply.Received(200, Optional.of(List.of()), Optional.empty(),
              Optional.empty()));

      assertThat(run.result().failure().orElseThrow().message())
          .endsWith("the reply is not a SCIM list response");
    }
  }

  // --- update ----------------------------------------------------------------------------------

  @Nested
  class Update {
    final WrittenUser last = new WrittenUser("123",
        Projection.of(with(alice(), "displayName", "Old Name", "title", "Intern")),
        Optional.of("v1"));

    @Test
    void sendsNothing_whenUnchanged() {
      WrittenUser same = new WrittenUser("123", Projection.of(alice()), Optional.of("v1"));
      // same user, other order and a null: the projection makes them equal
      Map<String, Object> reordered = new LinkedHashMap<>(alice());
      reordered.remove("schemas");
      reordered.put("schemas", List.of(USER, ENTERPRISE_USER));
      reordered.put("nickName", null);

      Run run = drive(UserSync.write(desired(reordered), Optional.of(same), PUT_TARGET));

      assertThat(run.requests()).isEmpty();
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UNCHANGED);
      assertThat(run.result().written()).contains(same);
    }

    @Test
    void putsWholeUserWithId_whenTargetHasNoConfig() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET),
          withVersion(200, "123", "v2"));

      assertThat(run.requests()).containsExactly(put("123", with(alice(), "id", "123")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UPDATED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("v2")));
    }

    @Test
    void dropsStaleEtag_whenWriteReplyHasNone() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET), reply(204));

      assertThat(run.result().written().orElseThrow().etag()).isEmpty();
    }

    @Test
    void patchesChangedAttributesInOneReplace_whenTargetAnnouncesPatch() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PATCH_TARGET),
          reply(204));

      assertThat(run.requests()).containsExactly(patch("123",
          replace(Map.of("displayName", "Alice Smith", "title", "Engineer"))));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UPDATED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.empty()));
    }

    @Test
    void patchesAttributeByAttribute_whenProfileSaysSo() {
      WrittenUser previous = written("123", with(alice(), "displayName", "Old Name",
          ENTERPRISE_USER, Map.of("department", "Ops", "costCenter", "CC1")));

      Run run = drive(UserSync.write(desired(alice()), Optional.of(previous), PER_ATTRIBUTE_TARGET),
          reply(200, Map.of("id", "123")));

      assertThat(run.requests()).containsExactly(patch("123",
          replace("displayName", "Alice Smith"),
          // extension attributes are addressed one by one with their full path, and only the
          // changed ones count against the target's operation limit
          replace(ENTERPRISE_USER + ":department", "Eng")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UPDATED);
    }

    @Test
    void removesAttributesThatLeftTheMapping_withPatch_W11() {
      WrittenUser previous = written("123", with(alice(), ENTERPRISE_USER, Map.of("department", "Eng")));
      Map<String, Object> now = with(without(alice(), "title", ENTERPRISE_USER),
          "schemas", List.of(USER));

      Run run = drive(UserSync.write(desired(now), Optional.of(previous), PATCH_TARGET),
          reply(204));

      assertThat(run.requests()).containsExactly(patch("123",
          remove("title"), remove(ENTERPRISE_USER + ":department")));
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(now), Optional.empty()));
    }

    @Test
    void removesSubAttributesThatLeftTheMapping_withPatch_W11() {
      WrittenUser previous = written("123", alice());
      Map<String, Object> now = with(alice(),
          "name", Map.of("givenName", "Alice"),
          ENTERPRISE_USER, Map.of("costCenter", "CC1"));

      // a path-less replace leaves unnamed sub-attributes alone (RFC 7644 §3.5.2.3): remove them
      Run run = drive(UserSync.write(desired(now), Optional.of(previous), PATCH_TARGET), reply(204));
      assertThat(run.requests()).containsExactly(patch("123",
          replace(Map.of("name", Map.of("givenName", "Alice"))),
          remove("name.familyName"), remove(ENTERPRISE_USER + ":department")));
    }

    @Test
    void removesAttributesThatLeftTheMapping_byOmissionFromPut_W11() {
      WrittenUser previous = written("123", alice());
      Map<String, Object> now = with(without(alice(), "title", ENTERPRISE_USER),
          "schemas", List.of(USER));

      Run run = drive(UserSync.write(desired(now), Optional.of(previous), PUT_TARGET), reply(200));

      assertThat(run.requests()).containsExactly(put("123", with(now, "id", "123")));
      assertThat(run.requests().get(0).body().orElseThrow())
          .doesNotContainKeys("title", ENTERPRISE_USER);
    }

    @Test
    void removesDeletedEmail_W11() {
      WrittenUser previous = written("123", with(alice(), "emails", List.of(
          Map.of("value", "alice@example.com", "type", "work"),
          Map.of("value", "old@example.com", "type", "home"))));
      Map<String, Object> now = with(alice(), "emails", List.of(
          Map.of("value", "alice@example.com", "type", "work")));

      Run run = drive(UserSync.write(desired(now), Optional.of(previous), PATCH_TARGET), reply(204));

      assertThat(run.requests()).containsExactly(patch("123", replace(Map.of("emails",
          List.of(Map.of("value", "alice@example.com", "type", "work"))))));
    }

    @Test
    void chunksPatch_byProfileOperationLimit() {
      TargetStrategy limited = TargetStrategy.of(TargetCapabilities.assumed(),
          VendorProfiles.DEFAULT.withOverrides(Map.of(
              "userAttributes", "PATCH_PER_ATTRIBUTE", "maxOperationsPerPatch", 2)));
      WrittenUser previous = written("123", with(last.attributes(), "nickName", "Al"));

      Run run = drive(UserSync.write(desired(alice()), Optional.of(previous), limited),
          withVersion(200, "123", "v2"), withVersion(200, "123", "v3"));

      assertThat(run.requests()).containsExactly(
          patch("123", replace("displayName", "Alice Smith"), replace("title", "Engineer")),
          patch("123", remove("nickName")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UPDATED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("v3")));
    }

    @Test
    void keepsPartiallyWrittenState_whenALaterChunkFails() {
      TargetStrategy limited = TargetStrategy.of(TargetCapabilities.assumed(),
          VendorProfiles.DEFAULT.withOverrides(Map.of(
              "userAttributes", "PATCH_PER_ATTRIBUTE", "maxOperationsPerPatch", 2)));
      WrittenUser previous = written("123", with(last.attributes(), "nickName", "Al"));

      Run run = drive(UserSync.write(desired(alice()), Optional.of(previous), limited),
          withVersion(200, "123", "v2"), reply(503));

      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
      WrittenUser partial = run.result().written().orElseThrow();
      assertThat(partial).isEqualTo(new WrittenUser("123",
          Projection.of(with(alice(), "nickName", "Al")), Optional.of("v2")));

      // the next run sends only what is still missing
      Run retry = drive(UserSync.write(desired(alice()), Optional.of(partial), limited), reply(204));
      assertThat(retry.requests()).containsExactly(patch("123", remove("nickName")));
    }

    @Test
    void keepsPartiallyWrittenSubAttributes_whenRemovesComeInALaterChunk() {
      TargetStrategy onePerPatch = TargetStrategy.of(
          TargetCapabilities.fromServiceProviderConfig(Map.of("patch", Map.of("supported", true))),
          VendorProfiles.DEFAULT.withOverrides(Map.of("maxOperationsPerPatch", 1)));
      WrittenUser previous = written("123", alice());
      Map<String, Object> now = with(alice(), "name", Map.of("givenName", "Alicia"));

      Run run = drive(UserSync.write(desired(now), Optional.of(previous), onePerPatch),
          reply(204), reply(500));

      assertThat(run.requests()).containsExactly(
          patch("123", replace(Map.of("name", Map.of("givenName", "Alicia")))),
          patch("123", remove("name.familyName")));
      // the replace merged into name, so familyName is still there and still to be removed
      assertThat(run.result().written().orElseThrow().attributes().get("name"))
          .isEqualTo(Map.of("givenName", "Alicia", "familyName", "Smith"));
    }

    @Test
    void fallsBackToPatch_whenPutIsRejected_W3() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET),
          error(405, "invalidSyntax", "PUT not allowed"), reply(204));

      assertThat(run.requests()).containsExactly(
          put("123", with(alice(), "id", "123")),
          patch("123", replace(Map.of("displayName", "Alice Smith", "title", "Engineer"))));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UPDATED);
      assertThat(run.result().putRejected()).isTrue();
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.empty()));
    }

    @Test
    void failsPermanently_whenPutIsRejectedAndTargetLacksPatch_W3() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), VCENTER), reply(501));

      assertThat(run.requests()).containsExactly(put("123", with(alice(), "id", "123")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().putRejected()).isTrue();
      assertThat(run.result().written()).contains(last);
      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(failure.message()).isEqualTo("PUT /Users/123 for user 'alice' (local id u1)"
          + " (PUT is not supported and the target does not accept PATCH either): 501");
    }

    @Test
    void doesNotFallBack_whenPutFailsForAnotherReason_W6() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET), reply(500));

      assertThat(run.requests()).hasSize(1);
      assertThat(run.result().putRejected()).isFalse();
      assertThat(run.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
    }

    @Test
    void recreates_whenUserVanished() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET),
          reply(404), reply(201, Map.of("id", "456")));

      assertThat(run.requests()).containsExactly(put("123", with(alice(), "id", "123")),
          post(alice()));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.CREATED);
      assertThat(run.result().written()).contains(
          new WrittenUser("456", Projection.of(alice()), Optional.empty()));
    }

    @Test
    void recreates_whenPatchFindsUserGone() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PATCH_TARGET),
          reply(404), reply(201, Map.of("id", "456")));

      assertThat(run.requests()).extracting(ScimRequest::describe)
          .containsExactly("PATCH /Users/123", "POST /Users");
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.CREATED);
    }

    @Test
    void failsPermanently_whenUserVanishesAgainInTheSameRun() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET),
          reply(404), reply(409),
          list(with(alice(), "id", "777", "displayName", "Old Name")),
          reply(404));

      assertThat(run.requests()).containsExactly(
          put("123", with(alice(), "id", "123")),
          post(alice()),
          lookup("userName eq \"alice\""),
          put("777", with(alice(), "id", "777")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().written()).isEmpty();
      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(failure.message()).isEqualTo("PUT /Users/777 for user 'alice' (local id u1):"
          + " 404 again after the user was re-created or adopted in this run");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403})
    void failsPermanently_withScimDetail_onClientErrors_W6(int status) {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET),
          error(status, "invalidValue", "title is read-only"));

      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().written()).contains(last);
      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(failure.status()).hasValue(status);
      assertThat(failure.detail()).contains("title is read-only");
      assertThat(failure.message()).isEqualTo("PUT /Users/123 for user 'alice' (local id u1): "
          + status + " invalidValue: title is read-only");
    }

    @Test
    void failsTransiently_withRetryAfter_onRateLimit_W6() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET),
          new ScimReply.Received(429, Optional.empty(), Optional.empty(),
              Optional.of(Duration.ofSeconds(30))));

      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
      assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
      assertThat(run.result().written()).contains(last);
    }

    @Test
    void failsTransiently_whenServiceUnavailable_W6() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PATCH_TARGET), reply(503));

      assertThat(run.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
    }

    @Test
    void failsTransiently_whenNothingCameBack_W6() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.TIMEOUT, "no response in 30s"));

      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
      assertThat(failure.message()).isEqualTo(
          "POST /Users for user 'alice' (local id u1): no response (timeout): no response in 30s");
    }

    @Test
    void failsPermanently_onHtmlSuccessPage_W6() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET),
          new ScimReply.Unreadable(200, "text/html", "not JSON"));

      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(failure.message()).contains("POST /Users for user 'alice' (local id u1)")
          .contains("invalid response");
      assertThat(run.result().written()).isEmpty();
    }
  }

  // --- reconcile -------------------------------------------------------------------------------

  @Nested
  class Reconcile {
    final WrittenUser last = new WrittenUser("123", Projection.of(alice()), Optional.of("v1"));

    @Test
    void updates_whenRemoteDisplayNameDrifted() {
      Run run = drive(UserSync.reconcile(desired(alice()), last, PUT_TARGET),
          reply(200, with(alice(), "id", "123", "displayName", "Someone Else")),
          withVersion(200, "123", "v3"));

      assertThat(run.requests()).containsExactly(ScimRequest.get("/Users/123"),
          put("123", with(alice(), "id", "123")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UPDATED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("v3")));
    }

    @Test
    void sendsNoWrite_whenTargetOnlyAddsWhatItComputes() {
      Map<String, Object> remote = with(alice(), "id", "123",
          "schemas", List.of(ENTERPRISE_USER, USER),
          "name", Map.of("givenName", "Alice", "familyName", "Smith", "formatted", "Alice Smith"),
          "emails", List.of(Map.of("value", "alice@example.com", "type", "work", "primary", true,
              "display", "Alice")),
          "groups", List.of(Map.of("value", "g1")),
          ENTERPRISE_USER, Map.of("department", "Eng", "costCenter", "CC1",
              "manager", Map.of("value", "m1")),
          "meta", Map.of("version", "v2", "lastModified", "2024-01-01T00:00:00Z"));

      Run run = drive(UserSync.reconcile(desired(alice()), last, PATCH_TARGET), reply(200, remote));

      assertThat(run.requests()).containsExactly(ScimRequest.get("/Users/123"));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UNCHANGED);
      assertThat(run.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("v2")));
    }

    @Test
    void fromAListing_sendsNothing_whenNothingDrifted_andOnlyTheWrite_whenSomethingDid() {
      Map<String, Object> listed = with(alice(), "id", "123",
          "meta", Map.of("version", "v9", "resourceType", "User"));
      Run same = drive(UserSync.reconcile(desired(alice()), last, listed, PATCH_TARGET));
      assertThat(same.requests()).isEmpty();
      assertThat(same.result().outcome()).isEqualTo(UserSyncResult.Outcome.UNCHANGED);
      assertThat(same.result().written()).contains(
          new WrittenUser("123", Projection.of(alice()), Optional.of("v9")));

      Run drifted = drive(UserSync.reconcile(desired(alice()), last,
          with(listed, "displayName", "Someone Else"), PATCH_TARGET), reply(204));
      assertThat(drifted.requests()).containsExactly(
          patch("123", replace(Map.of("displayName", "Alice Smith"))));
      assertThat(drifted.result().outcome()).isEqualTo(UserSyncResult.Outcome.UPDATED);
    }

    @Test
    void sendsNothing_whenTheTargetStoredTheEmailInLowerCase() {
      Map<String, Object> mixed = with(alice(), "emails", List.of(Map.of(
          "value", "Alice.Smith@Example.COM", "type", "work", "primary", true)));
      WrittenUser written = new WrittenUser("123", Projection.of(mixed), Optional.of("v1"));
      Map<String, Object> remote = with(mixed, "id", "123", "emails", List.of(Map.of(
          "value", "alice.smith@example.com", "type", "work", "primary", true)));

      Run run = drive(UserSync.reconcile(desired(mixed), written, PATCH_TARGET),
          reply(200, remote));

      assertThat(run.requests()).containsExactly(ScimRequest.get("/Users/123"));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.UNCHANGED);
      assertThat(run.result().written()).map(WrittenUser::attributes)
          .contains(Projection.of(mixed));
    }

    @Test
    void sendsTheEmail_whenItsCaseChangedLocally_orTheRemoteOneDiffersOtherwise() {
      Map<String, Object> lower = with(alice(), "emails", List.of(Map.of(
          "value", "alice.smith@example.com", "type", "work", "primary", true)));
      Map<String, Object> mixed = with(alice(), "emails", List.of(Map.of(
          "value", "Alice.Smith@Example.COM", "type", "work", "primary", true)));
      WrittenUser written = new WrittenUser("123", Projection.of(lower), Optional.of("v1"));

      // the directory changed the case since it was written: that is ours to send
      Run changed = drive(UserSync.reconcile(desired(mixed), written, PATCH_TARGET),
          reply(200, with(lower, "id", "123")), reply(204));
      assertThat(changed.requests()).hasSize(2);
      assertThat(changed.requests().get(1).method()).isEqualTo(ScimRequest.Method.PATCH);

      // externalId is caseExact: a remote one differing in case is drift
      Map<String, Object> upper = with(mixed, "externalId", "U1");
      WrittenUser same = new WrittenUser("123", Projection.of(upper), Optional.of("v1"));
      Run drifted = drive(UserSync.reconcile(desired(upper), same,
          PATCH_TARGET), reply(200, with(mixed, "id", "123", "externalId", "u1")), reply(204));
      assertThat(drifted.requests()).hasSize(2);
    }

    @Test
    void removesAttributeWeWroteBefore_whenTargetStillHasIt_W11() {
      Map<String, Object> now = without(alice(), "title");

      Run run = drive(UserSync.reconcile(desired(now), last, PATCH_TARGET),
          reply(200, with(alice(), "id", "123", "nickName", "not ours")), reply(204));

      assertThat(run.requests()).containsExactly(ScimRequest.get("/Users/123"),
          patch("123", remove("title")));
    }

    @Test
    void recreates_whenRemoteUserIsGone() {
      Run run = drive(UserSync.reconcile(desired(alice()), last, PUT_TARGET),
          reply(404), reply(201, Map.of("id", "456")));

      assertThat(run.requests()).containsExactly(ScimRequest.get("/Users/123"), post(alice()));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.CREATED);
      assertThat(run.result().written()).map(WrittenUser::remoteId).contains("456");
    }

    @Test
    void failsTransiently_whenReadFails() {
      Run run = drive(UserSync.reconcile(desired(alice()), last, PUT_TARGET), reply(502));

      assertThat(run.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
      assertThat(run.result().written()).contains(last);
    }

    @Test
    void failsPermanently_whenReadIsNoUser() {
      Run run = drive(UserSync.reconcile(desired(alice()), last, PUT_TARGET),
          reply(200, Map.of("id", "123")));

      assertThat(run.result().failure().orElseThrow().message()).isEqualTo(
          "GET /Users/123 for user 'alice' (local id u1): the reply is not a SCIM user");
    }
  }

  // --- deprovision -------------------------------------------------------------------------------

  @Nested
  class Deprovisioning {
    final WrittenUser last = new WrittenUser("123", Projection.of(alice()), Optional.of("v1"));

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 404})
    void dropsLink_whenDeleteSucceedsOrUserIsGone(int status) {
      Run run = drive(UserSync.deprovision(last, Deprovision.DELETE, PUT_TARGET), reply(status));

      assertThat(run.requests()).containsExactly(ScimRequest.delete("/Users/123"));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DELETED);
      assertThat(run.result().written()).isEmpty();
    }

    @Test
    void keepsLink_whenDeleteFails_W8() {
      Run run = drive(UserSync.deprovision(last, Deprovision.DELETE, PUT_TARGET), reply(500));

      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().written()).contains(last);
      SyncFailure failure = run.result().failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
      assertThat(failure.message())
          .isEqualTo("DELETE /Users/123 for user 'alice' (remote id 123): 500");
    }

    @Test
    void encodesRemoteIdAsOnePathSegment() {
      WrittenUser odd = new WrittenUser("a/b c", Projection.of(alice()), Optional.empty());

      Run run = drive(UserSync.deprovision(odd, Deprovision.DELETE, PUT_TARGET), reply(204));

      assertThat(run.requests()).containsExactly(ScimRequest.delete("/Users/a%2Fb%20c"));
    }

    @Test
    void deactivatesWithPatch_whenTargetMayPatch() {
      Run run = drive(UserSync.deprovision(last, Deprovision.DEACTIVATE, PUT_TARGET),
          withVersion(200, "123", "v2"));

      assertThat(run.requests()).containsExactly(patch("123", replace("active", false)));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DEACTIVATED);
      assertThat(run.result().written()).contains(new WrittenUser("123",
          Projection.of(with(alice(), "active", false)), Optional.of("v2")));
    }

    @Test
    void deactivatesWithPutOfLastWrittenState_whenTargetLacksPatch() {
      Run run = drive(UserSync.deprovision(last, Deprovision.DEACTIVATE, VCENTER), reply(200));

      Map<String, Object> expected = with(alice(), "id", "123", "active", false);
      assertThat(run.requests()).containsExactly(put("123", expected));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DEACTIVATED);
      assertThat(run.result().written()).contains(new WrittenUser("123",
          Projection.of(with(alice(), "active", false)), Optional.empty()));
    }

    @Test
    void dropsLink_whenUserToDeactivateIsGone() {
      Run run = drive(UserSync.deprovision(last, Deprovision.DEACTIVATE, PATCH_TARGET), reply(404));

      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DELETED);
      assertThat(run.result().written()).isEmpty();
    }

    @Test
    void keepsLink_whenDeactivateFails_W8() {
      Run run = drive(UserSync.deprovision(last, Deprovision.DEACTIVATE, PATCH_TARGET),
          error(403, "forbidden", "cannot deactivate an owner"));

      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.FAILED);
      assertThat(run.result().written()).contains(last);
      assertThat(run.result().failure().orElseThrow().message()).isEqualTo(
          "PATCH /Users/123 for user 'alice' (remote id 123): 403 forbidden: cannot deactivate an owner");
    }

    @Test
    void sendsNothing_whenAlreadyDeactivated() {
      WrittenUser inactive = written("123", with(alice(), "active", false));

      Run run = drive(UserSync.deprovision(inactive, Deprovision.DEACTIVATE, PATCH_TARGET));

      assertThat(run.requests()).isEmpty();
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DEACTIVATED);
      assertThat(run.result().written()).contains(inactive);
    }
  }

  // --- dry run ---------------------------------------------------------------------------------

  @Nested
  class DryRun {
    final WrittenUser last = new WrittenUser("123",
        Projection.of(with(alice(), "displayName", "Old Name")), Optional.of("v1"));

    @Test
    void stopsAfterWithheldCreate() {
      Run run = drive(UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET), WITHHELD);

      assertThat(run.requests()).containsExactly(post(alice()));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DRY_RUN);
      assertThat(run.result().written()).isEmpty();
    }

    @Test
    void keepsLastWrittenState_afterWithheldPut() {
      Run run = drive(UserSync.write(desired(alice()), Optional.of(last), PUT_TARGET), WITHHELD);

      assertThat(run.requests()).containsExactly(put("123", with(alice(), "id", "123")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DRY_RUN);
      assertThat(run.result().written()).contains(last);
    }

    @Test
    void plansEveryChunk_asIfEachSucceeded() {
      TargetStrategy onePerPatch = TargetStrategy.of(TargetCapabilities.assumed(),
          VendorProfiles.DEFAULT.withOverrides(Map.of(
              "userAttributes", "PATCH_PER_ATTRIBUTE", "maxOperationsPerPatch", 1)));
      WrittenUser previous = written("123", with(alice(), "displayName", "Old", "title", "Intern"));

      Run run = drive(UserSync.write(desired(alice()), Optional.of(previous), onePerPatch),
          WITHHELD, WITHHELD);

      assertThat(run.requests()).containsExactly(
          patch("123", replace("displayName", "Alice Smith")),
          patch("123", replace("title", "Engineer")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DRY_RUN);
      assertThat(run.result().written()).contains(previous);
    }

    @Test
    void readsForRealThenWithholdsTheWrite_onReconcile() {
      Run run = drive(UserSync.reconcile(desired(alice()), last, PUT_TARGET),
          reply(200, with(alice(), "id", "123", "displayName", "Drifted")), WITHHELD);

      assertThat(run.requests()).containsExactly(ScimRequest.get("/Users/123"),
          put("123", with(alice(), "id", "123")));
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DRY_RUN);
      assertThat(run.result().written()).contains(last);
    }

    @Test
    void keepsLink_whenDeleteIsWithheld_W8() {
      Run run = drive(UserSync.deprovision(last, Deprovision.DELETE, PUT_TARGET), WITHHELD);

      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DRY_RUN);
      assertThat(run.result().written()).contains(last);
    }

    @Test
    void keepsLastWrittenState_whenDeactivateIsWithheld() {
      Run run = drive(UserSync.deprovision(last, Deprovision.DEACTIVATE, PATCH_TARGET), WITHHELD);

      assertThat(run.requests()).hasSize(1);
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DRY_RUN);
      assertThat(run.result().written()).contains(last);
    }

    @Test
    void keepsLastWrittenState_whenAWithheldRunLaterFails() {
      TargetStrategy onePerPatch = TargetStrategy.of(TargetCapabilities.assumed(),
          VendorProfiles.DEFAULT.withOverrides(Map.of(
              "userAttributes", "PATCH_PER_ATTRIBUTE", "maxOperationsPerPatch", 1)));
      WrittenUser previous = written("123", with(alice(), "displayName", "Old", "title", "Intern"));

      // a reconcile read is real, so a 404 re-creates, and the create is withheld
      Run run = drive(UserSync.reconcile(desired(alice()), previous, onePerPatch),
          reply(404), WITHHELD);

      assertThat(run.requests()).extracting(ScimRequest::describe)
          .containsExactly("GET /Users/123", "POST /Users");
      assertThat(run.result().outcome()).isEqualTo(UserSyncResult.Outcome.DRY_RUN);
      assertThat(run.result().written()).contains(previous);
    }
  }

  // --- helpers and contracts -------------------------------------------------------------------

  @Test
  void buildsEscapedLookupByUserName() {
    assertThat(UserSync.lookupByUserName("bob \"the\" \\admin")).isEqualTo(
        lookup("userName eq \"bob \\\"the\\\" \\\\admin\""));
  }

  @Test
  void buildsEscapedLookupByEmail() {
    assertThat(UserSync.lookupByEmail("o\"brien@example.com")).isEqualTo(
        lookup("emails.value eq \"o\\\"brien@example.com\""));
  }

  @Test
  void describesUserByUserNameAndLocalId() {
    assertThat(desired(alice()).describe()).isEqualTo("user 'alice' (local id u1)");
  }

  @Test
  void rejectsBlankLocalIdAndRemoteId() {
    ScimUser user = ScimUser.fromMap(alice()).orElseThrow();
    assertThatThrownBy(() -> new DesiredUser(" ", user)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WrittenUser("", Map.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesToStartTwiceOrTakeUnaskedReplies() {
    UserSync sync = UserSync.write(desired(alice()), Optional.empty(), PUT_TARGET);
    assertThatThrownBy(() -> sync.onReply(reply(200))).isInstanceOf(IllegalStateException.class);
    sync.start();
    assertThatThrownBy(sync::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void resultRequiresFailureExactlyWhenFailed() {
    assertThatThrownBy(() -> new UserSyncResult(UserSyncResult.Outcome.FAILED, Optional.empty(),
        Optional.empty(), false, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
