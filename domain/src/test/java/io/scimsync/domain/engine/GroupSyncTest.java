package io.scimsync.domain.engine;

import static io.scimsync.domain.engine.GroupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.engine.GroupSyncResult.Outcome;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.TargetStrategy;
import io.scimsync.domain.target.VendorProfiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupSyncTest {
  private final TargetStrategy patch = patchTarget();
  private final TargetStrategy aws = strategy(VendorProfiles.AWS, SPC_NO_PATCH);

  // --- create ------------------------------------------------------------------------------

  @Test
  void failsPermanentlyWithoutLink_whenCreateAnswersWithoutId() {
    var trace = Drive.group(GroupSync.write(desired("Eng", "u1"), Optional.empty(), patch),
        Drive.replies(ScimReply.Received.of(201, Map.of("displayName", "Eng"))));

    assertThat(trace.result().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(trace.result().written()).isEmpty();
    assertThat(trace.result().failure().orElseThrow().message())
        .contains("POST /Groups", "group 'Eng' (local id g1)", "without an id");
  }

  @Test
  void failsPermanently_whenCreateAnswersAnIdThatCannotAddressTheGroup() {
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), patch),
        Drive.replies(ScimReply.Received.of(201, Map.of("id", "..", "displayName", "Eng"))));

    assertThat(trace.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
    assertThat(trace.result().written()).isEmpty();
  }

  @Test
  void storesNumericIdAsString_whenTargetSendsIntegerIds() {
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), patch),
        Drive.replies(ScimReply.Received.of(201, Map.of("id", 42, "displayName", "Eng"))));

    assertThat(trace.result().written().orElseThrow().remoteId()).isEqualTo("42");
  }

  @Test
  void failsPermanently_whenCreateAnswersHtml() {
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), patch),
        Drive.replies(new ScimReply.Unreadable(200, "text/html", "body is not JSON")));

    SyncFailure failure = trace.result().failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
    assertThat(failure.message()).contains("invalid response", "200", "text/html");
  }

  @Test
  void failsWithConflict_when409AndTargetCannotFilter() {
    TargetStrategy vcenter = TargetStrategy.of(TargetCapabilities.assumed(), VendorProfiles.VCENTER);
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), vcenter),
        Drive.replies(conflict()));

    assertThat(trace.lines()).containsExactly("POST /Groups");
    SyncFailure failure = trace.result().failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.CONFLICT);
    assertThat(failure.message()).contains("409", "cannot filter");
  }

  @Test
  void escapesQuotesAndBackslashesInTheLookupFilter_W1() {
    var trace = Drive.group(GroupSync.write(desired("R&D \"Core\" \\ Ops"), Optional.empty(), patch),
        Drive.replies(conflict(), list()));

    assertThat(trace.requests().get(1).query().get("filter"))
        .isEqualTo("displayName eq \"R&D \\\"Core\\\" \\\\ Ops\"");
  }

  @Test
  void looksUpTheMappedDisplayName_notTheLocalName_W1() {
    DesiredGroup mapped = new DesiredGroup("g1", payload("acme-Eng", "g1"), List.of());
    var trace = Drive.group(GroupSync.write(mapped, Optional.empty(), patch),
        Drive.replies(conflict(), list(remoteGroup("r9", "acme-Eng", "g1"))));

    assertThat(trace.requests().get(1).query().get("filter"))
        .isEqualTo("displayName eq \"acme-Eng\"");
    assertThat(trace.result().outcome()).isEqualTo(Outcome.ADOPTED);
  }

  @Test
  void refusesToAdopt_whenOnlyACaseInsensitiveMatchExists_W1() {
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), patch),
        Drive.replies(conflict(), list(remoteGroup("r9", "eng", "x"))));

    SyncFailure failure = trace.result().failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.CONFLICT);
    assertThat(failure.message()).contains("no group is named exactly 'Eng'");
    assertThat(trace.result().written()).isEmpty();
  }

  @Test
  void refusesToAdopt_whenTwoGroupsMatchExactly_W1() {
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), patch),
        Drive.replies(conflict(), list(remoteGroup("r8", "Eng", "x"), remoteGroup("r9", "Eng", "y"))));

    assertThat(trace.result().failure().orElseThrow().message()).contains("ambiguous");
    assertThat(trace.result().written()).isEmpty();
  }

  @Test
  void reportsTheLookupFailure_whenTheFilterQueryIsRejected() {
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), patch),
        Drive.replies(conflict(), ScimReply.Received.of(400, Map.of("status", "400",
            "scimType", "invalidFilter", "detail", "bad filter"))));

    SyncFailure failure = trace.result().failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
    assertThat(failure.scimType()).contains("invalidFilter");
    assertThat(failure.message()).contains("GET /Groups", "after 409", "bad filter");
  }

  // --- vendor profiles -----------------------------------------------------------------------

  @Test
  void awsAdoption_excludesMembersFromLookup_addsEveryDesiredMember_andRemovesNothing() {
    var trace = Drive.group(GroupSync.write(desired("Eng", "u1", "u2"), Optional.empty(), aws),
        Drive.replies(conflict(), list(remoteGroup("r9", "Eng", "g1")), noContent()));

    assertThat(trace.requests().get(1).query())
        .containsEntry("excludedAttributes", "members");
    assertThat(trace.lines()).containsExactly("POST /Groups", "GET /Groups", "PATCH /Groups/r9");
    assertThat(trace.body(2)).isEqualTo(patchBody(addMembers("u1", "u2")));
    assertThat(trace.result().written().orElseThrow().memberIds()).contains(Set.of("u1", "u2"));
  }

  @Test
  void awsUpdate_patchesEachAttributeWithAPath_neverPuts_issue12321() {
    var trace = Drive.group(GroupSync.write(
        new DesiredGroup("g1", payload("Engineering", "ext-2"), List.of()),
        Optional.of(written("r1", "Eng")), aws), Drive.replies(noContent()));

    assertThat(trace.lines()).containsExactly("PATCH /Groups/r1");
    assertThat(trace.body(0)).isEqualTo(patchBody(
        JsonValues.object("op", "replace", "path", "displayName", "value", "Engineering"),
        JsonValues.object("op", "replace", "path", "externalId", "value", "ext-2")));
  }

  @Test
  void awsCreate_postsEmpty_thenChunksMembersByHundred_W4() {
    String[] ids = new String[250];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = String.format("u%03d", i);
    }
    var trace = Drive.group(GroupSync.write(desired("Eng", ids), Optional.empty(), aws),
        request -> request.method() == ScimRequest.Method.POST ? created("r1") : noContent());

    assertThat(trace.lines()).containsExactly("POST /Groups", "PATCH /Groups/r1",
        "PATCH /Groups/r1", "PATCH /Groups/r1");
    assertThat(trace.body(0)).doesNotContainKey("members");
    assertThat(memberCount(trace.body(1))).isEqualTo(100);
    assertThat(memberCount(trace.body(3))).isEqualTo(50);
    assertThat(trace.result().written().orElseThrow().memberIds().orElseThrow()).hasSize(250);
  }

  @Test
  void webexMembers_carryTypeUser_inPatchAndPutBodies() {
    TargetStrategy webexPatch = strategy(VendorProfiles.WEBEX, SPC_PATCH);
    var patchTrace = Drive.group(GroupSync.write(desired("Eng", "u1"),
        Optional.of(written("r1", "Eng")), webexPatch), Drive.replies(noContent()));
    assertThat(patchTrace.body(0)).isEqualTo(patchBody(JsonValues.object("op", "add",
        "path", "members", "value", List.of(Map.of("value", "u1", "type", "user")))));

    TargetStrategy webexPut = strategy(VendorProfiles.WEBEX, SPC_NO_PATCH);
    var putTrace = Drive.group(GroupSync.write(desired("Eng", "u1"),
        Optional.of(written("r1", "Eng")), webexPut), Drive.replies(ok()));
    assertThat(putTrace.body(0).get("members"))
        .isEqualTo(List.of(Map.of("value", "u1", "type", "user")));
  }

  @Test
  void salesforceAdds_arePathlessWithAMembersObject() {
    TargetStrategy salesforce = strategy(VendorProfiles.SALESFORCE, SPC_PATCH);
    var trace = Drive.group(GroupSync.write(desired("Eng", "u1"),
        Optional.of(written("r1", "Eng")), salesforce), Drive.replies(noContent()));

    assertThat(trace.body(0)).isEqualTo(patchBody(JsonValues.object("op", "add",
        "value", Map.of("members", List.of(Map.of("value", "u1"))))));
  }

  @Test
  void valueArrayRemoval_removesManyMembersInOneOperation() {
    TargetStrategy valueArray = strategy(
        VendorProfiles.DEFAULT.withOverrides(Map.of("memberRemoval", "VALUE_ARRAY")), SPC_PATCH);
    var trace = Drive.group(GroupSync.write(desired("Eng"),
        Optional.of(written("r1", "Eng", "u1", "u2")), valueArray), Drive.replies(noContent()));

    assertThat(trace.body(0)).isEqualTo(patchBody(JsonValues.object("op", "remove",
        "path", "members", "value", memberObjects("u1", "u2"))));
  }

  @Test
  void chunksOperations_byTheProfilesMaxOperationsPerPatch_notByBulk_W4() {
    TargetStrategy twoOps = strategy(
        VendorProfiles.DEFAULT.withOverrides(Map.of("maxOperationsPerPatch", 2)), SPC_PATCH);
    var trace = Drive.group(GroupSync.write(desired("Eng", "u1"),
        Optional.of(written("r1", "Eng", "u7", "u8", "u9")), twoOps),
        request -> noContent());

    // SPC_PATCH says bulk.maxOperations = 1: authentik would send one request per operation.
    assertThat(trace.lines()).hasSize(2);
    assertThat(trace.body(0)).isEqualTo(patchBody(addMembers("u1"), removeMember("u7")));
    assertThat(trace.body(1)).isEqualTo(patchBody(removeMember("u8"), removeMember("u9")));
    assertThat(trace.result().written().orElseThrow().memberIds()).contains(Set.of("u1"));
  }

  // --- members waiting, partial progress, transient failures -----------------------------------

  @Test
  void leavesOutMembersWithoutRemoteId_andReportsThemAsWaiting() {
    DesiredGroup group = new DesiredGroup("g1", payload("Eng", "g1"), List.of(
        DesiredGroup.Member.linked("alice", "u1"), DesiredGroup.Member.waiting("bob")));
    var trace = Drive.group(GroupSync.write(group, Optional.empty(), patch),
        Drive.replies(created("r1"), noContent()));

    assertThat(trace.body(1)).isEqualTo(patchBody(addMembers("u1")));
    assertThat(trace.result().waitingMembers()).containsExactly("bob");
    assertThat(trace.result().outcome()).isEqualTo(Outcome.CREATED);
  }

  @Test
  void keepsMembersAddedSoFar_whenALaterChunkIsRateLimited() {
    String[] ids = new String[150];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = String.format("u%03d", i);
    }
    ScimReply limited = new ScimReply.Received(429, Optional.empty(), Optional.empty(),
        Optional.of(Duration.ofSeconds(30)));
    var trace = Drive.group(GroupSync.write(desired("Eng", ids),
        Optional.of(written("r1", "Eng")), aws), Drive.replies(noContent(), limited));

    SyncFailure failure = trace.result().failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(trace.result().written().orElseThrow().memberIds().orElseThrow()).hasSize(100);
  }

  @Test
  void neverFallsBackToPatch_whenPutIsRateLimitedOrUnavailable() {
    for (int status : new int[] {429, 503}) {
      var trace = Drive.group(GroupSync.write(desired("Engineering"),
          Optional.of(written("r1", "Eng")), TargetStrategy.of(TargetCapabilities.assumed(),
              VendorProfiles.DEFAULT)), Drive.replies(status(status)));
      assertThat(trace.lines()).containsExactly("PUT /Groups/r1");
      assertThat(trace.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
      assertThat(trace.result().putRejected()).isFalse();
    }
  }

  @Test
  void failsTransiently_whenTheTargetCannotBeReached() {
    var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), patch),
        Drive.replies(new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECT_FAILED,
            "connection refused")));

    assertThat(trace.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.TRANSIENT);
    assertThat(trace.result().written()).isEmpty();
  }

  @Test
  void failsAfterOneRecreate_whenTheNewGroupIsGoneToo() {
    var trace = Drive.group(GroupSync.write(desired("Eng", "u1"),
        Optional.of(written("r1", "Eng")), patch),
        Drive.replies(status(404), created("r2"), status(404)));

    assertThat(trace.lines()).containsExactly("PATCH /Groups/r1", "POST /Groups", "PATCH /Groups/r2");
    assertThat(trace.result().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(trace.result().written()).isEmpty();
  }

  // --- delete ----------------------------------------------------------------------------------

  @Test
  void keepsTheLink_whenDeleteFails_W8() {
    for (ScimReply reply : List.of(status(500), status(429), status(403))) {
      var trace = Drive.group(GroupSync.delete(written("r1", "Eng"), patch), Drive.replies(reply));
      assertThat(trace.result().outcome()).isEqualTo(Outcome.FAILED);
      assertThat(trace.result().written().orElseThrow().remoteId()).isEqualTo("r1");
    }
  }

  // --- reconcile -------------------------------------------------------------------------------

  @Test
  void reconcile_readsTheGroup_andRepairsMembersAndAttributesThatDrifted() {
    var trace = Drive.group(GroupSync.reconcile(desired("Eng", "u1", "u2"),
        written("r1", "Eng", "u1", "u2"), patch),
        Drive.replies(ScimReply.Received.of(200, remoteGroup("r1", "Eng (old)", "g1", "u1", "u9")),
            noContent(), noContent()));

    assertThat(trace.lines()).containsExactly("GET /Groups/r1", "PATCH /Groups/r1", "PATCH /Groups/r1");
    assertThat(trace.body(1)).isEqualTo(patchBody(JsonValues.object(
        "op", "replace", "value", Map.of("displayName", "Eng"))));
    assertThat(trace.body(2)).isEqualTo(patchBody(addMembers("u2"), removeMember("u9")));
  }

  @Test
  void reconcile_neverRemovesMembers_whenTheTargetDoesNotEchoThem_issue23005() {
    var trace = Drive.group(GroupSync.reconcile(desired("Eng", "u1", "u2"),
        written("r1", "Eng", "u1", "u2"), aws),
        Drive.replies(ScimReply.Received.of(200, remoteGroup("r1", "Eng", "g1"))));

    assertThat(trace.lines()).containsExactly("GET /Groups/r1");
    assertThat(trace.requests().get(0).query()).containsEntry("excludedAttributes", "members");
    assertThat(trace.result().outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void reconcile_fromAListing_sendsNothingWithoutDrift_andOnlyTheRepairsWithIt() {
    var same = Drive.group(GroupSync.reconcile(desired("Eng", "u1", "u2"),
        written("r1", "Eng", "u1", "u2"), remoteGroup("r1", "Eng", "g1", "u1", "u2"), patch),
        Drive.replies());
    assertThat(same.lines()).isEmpty();
    assertThat(same.result().outcome()).isEqualTo(Outcome.UNCHANGED);

    var drifted = Drive.group(GroupSync.reconcile(desired("Eng", "u1", "u2"),
        written("r1", "Eng", "u1", "u2"), remoteGroup("r1", "Eng", "g1", "u1", "u9"), patch),
        Drive.replies(noContent()));
    assertThat(drifted.lines()).containsExactly("PATCH /Groups/r1");
    assertThat(drifted.body(0)).isEqualTo(patchBody(addMembers("u2"), removeMember("u9")));
  }

  @Test
  void reconcile_fromAListingWithoutMembers_neverRemovesMembers_whenTheTargetDoesNotEchoThem() {
    var trace = Drive.group(GroupSync.reconcile(desired("Eng", "u1", "u2"),
        written("r1", "Eng", "u1", "u2"), remoteGroup("r1", "Eng", "g1"), aws),
        Drive.replies());

    assertThat(trace.lines()).isEmpty();
    assertThat(trace.result().outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void reconcile_recreates_whenTheRemoteGroupWasDeleted() {
    var trace = Drive.group(GroupSync.reconcile(desired("Eng"), written("r1", "Eng"), patch),
        Drive.replies(status(404), created("r2")));

    assertThat(trace.lines()).containsExactly("GET /Groups/r1", "POST /Groups");
    assertThat(trace.result().written().orElseThrow().remoteId()).isEqualTo("r2");
  }

  // --- dry run ---------------------------------------------------------------------------------

  @Test
  void dryRun_plansEveryRequest_butKeepsTheLastWrittenState() {
    WrittenGroup last = written("r1", "Eng", "u9");
    var trace = Drive.group(GroupSync.write(desired("Engineering", "u1"), Optional.of(last), patch),
        request -> new ScimReply.WithheldByDryRun());

    assertThat(trace.lines()).containsExactly("PATCH /Groups/r1", "PATCH /Groups/r1");
    assertThat(trace.result().outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(trace.result().written()).contains(last);
  }

  @Test
  void dryRun_stopsAfterTheCreate_andLinksNothing() {
    var trace = Drive.group(GroupSync.write(desired("Eng", "u1"), Optional.empty(), patch),
        request -> new ScimReply.WithheldByDryRun());

    assertThat(trace.lines()).containsExactly("POST /Groups");
    assertThat(trace.result().outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(trace.result().written()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static int memberCount(Map<String, Object> patchBody) {
    int count = 0;
    for (Object op : (List<Object>) patchBody.get("Operations")) {
      Object value = ((Map<String, Object>) op).get("value");
      if (value instanceof List<?> list) {
        count += list.size();
      }
    }
    return count;
  }
}
