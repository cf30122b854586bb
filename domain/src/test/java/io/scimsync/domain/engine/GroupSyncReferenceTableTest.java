package io.scimsync.domain.engine;

import static io.scimsync.domain.engine.GroupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.engine.GroupSyncResult.Outcome;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.TargetStrategy;
import io.scimsync.domain.target.VendorProfiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every row of table 2.2a of the behaviour reference, for a target with PATCH and one without,
 * as the exact request sequence and bodies scimsync sends. Where we depart from authentik the
 * test name carries the weakness fixed.
 */
class GroupSyncReferenceTableTest {

  @Nested
  class PatchSupported {
    private final TargetStrategy target = patchTarget();

    @Test
    void createWithoutMembers_postsOnce_withoutMembersAttribute() {
      var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), target),
          Drive.replies(created("r1")));

      assertThat(trace.lines()).containsExactly("POST /Groups");
      assertThat(trace.body(0)).isEqualTo(JsonValues.object(
          "schemas", List.of(ScimSchemas.GROUP), "externalId", "g1", "displayName", "Eng"));
      assertThat(List.copyOf(trace.body(0).keySet()))
          .containsExactly("schemas", "externalId", "displayName");
      assertThat(trace.result().outcome()).isEqualTo(Outcome.CREATED);
      assertThat(trace.result().written().orElseThrow().remoteId()).isEqualTo("r1");
      assertThat(trace.result().written().orElseThrow().memberIds()).contains(java.util.Set.of());
    }

    @Test
    void createWithMembers_postsThenOnePatchCarryingAllMembersInOneAddOp_W4() {
      var trace = Drive.group(GroupSync.write(desired("Eng", "u2", "u1", "u3"), Optional.empty(),
          target), Drive.replies(created("r1"), noContent()));

      assertThat(trace.lines()).containsExactly("POST /Groups", "PATCH /Groups/r1");
      assertThat(trace.body(0)).doesNotContainKey("members");
      assertThat(trace.body(1)).isEqualTo(patchBody(addMembers("u1", "u2", "u3")));
      assertThat(trace.result().written().orElseThrow().memberIds())
          .contains(java.util.Set.of("u1", "u2", "u3"));
    }

    @Test
    void createAnswered409_looksUpByEscapedDisplayName_adoptsExactMatch_thenPatchesOnlyTheDelta_W1_W2() {
      var trace = Drive.group(GroupSync.write(desired("Eng", "u1", "u2"), Optional.empty(), target),
          Drive.replies(conflict(), list(remoteGroup("r9", "Eng", "g1", "u1", "u7")), noContent()));

      assertThat(trace.lines()).containsExactly("POST /Groups", "GET /Groups", "PATCH /Groups/r9");
      assertThat(trace.requests().get(1).query())
          .isEqualTo(Map.of("filter", "displayName eq \"Eng\""));
      assertThat(trace.body(2)).isEqualTo(patchBody(addMembers("u2"), removeMember("u7")));
      assertThat(trace.result().outcome()).isEqualTo(Outcome.ADOPTED);
      assertThat(trace.result().written().orElseThrow().memberIds())
          .contains(java.util.Set.of("u1", "u2"));
    }

    @Test
    void updateWithChangedAttributes_sendsOnePathlessReplaceWithSchemas_andNoGet_W2_W12() {
      var trace = Drive.group(GroupSync.write(desired("Engineering", "u1"),
          Optional.of(written("r1", "Eng", "u1")), target), Drive.replies(noContent()));

      assertThat(trace.lines()).containsExactly("PATCH /Groups/r1");
      assertThat(trace.body(0)).isEqualTo(patchBody(JsonValues.object(
          "op", "replace", "value", Map.of("displayName", "Engineering"))));
      assertThat(trace.body(0).get("schemas")).isEqualTo(List.of(ScimSchemas.PATCH_OP));
      assertThat(trace.result().outcome()).isEqualTo(Outcome.UPDATED);
    }

    @Test
    void updateWithNothingChanged_sendsNoRequestAtAll_W2() {
      var trace = Drive.group(GroupSync.write(desired("Eng", "u1"),
          Optional.of(written("r1", "Eng", "u1")), target), Drive.replies());

      assertThat(trace.requests()).isEmpty();
      assertThat(trace.result().outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void updateAnswered404_dropsLinkAndRunsTheFullCreateSequence() {
      var trace = Drive.group(GroupSync.write(desired("Engineering", "u1"),
          Optional.of(written("r1", "Eng", "u1")), target),
          Drive.replies(status(404), created("r2"), noContent()));

      assertThat(trace.lines()).containsExactly("PATCH /Groups/r1", "POST /Groups", "PATCH /Groups/r2");
      assertThat(trace.body(2)).isEqualTo(patchBody(addMembers("u1")));
      assertThat(trace.result().outcome()).isEqualTo(Outcome.CREATED);
      assertThat(trace.result().written().orElseThrow().remoteId()).isEqualTo("r2");
    }

    @Test
    void memberAddedAndRemoved_sendsOnePatch_addsBeforeRemoves_noGet_W2() {
      var trace = Drive.group(GroupSync.write(desired("Eng", "u1", "u3"),
          Optional.of(written("r1", "Eng", "u1", "u2")), target), Drive.replies(noContent()));

      assertThat(trace.lines()).containsExactly("PATCH /Groups/r1");
      assertThat(trace.body(0)).isEqualTo(patchBody(addMembers("u3"), removeMember("u2")));
    }

    @Test
    void localDelete_sendsDelete_andDropsLinkOn204() {
      var trace = Drive.group(GroupSync.delete(written("r1", "Eng"), target),
          Drive.replies(noContent()));

      assertThat(trace.lines()).containsExactly("DELETE /Groups/r1");
      assertThat(trace.result().outcome()).isEqualTo(Outcome.DELETED);
      assertThat(trace.result().written()).isEmpty();
    }
  }

  @Nested
  class PatchNotSupported {
    private final TargetStrategy target = putTarget();

    @Test
    void createWithoutMembers_postsWithEmptyMembersList() {
      var trace = Drive.group(GroupSync.write(desired("Eng"), Optional.empty(), target),
          Drive.replies(created("r1")));

      assertThat(trace.lines()).containsExactly("POST /Groups");
      assertThat(trace.body(0)).isEqualTo(JsonValues.object("schemas", List.of(ScimSchemas.GROUP),
          "externalId", "g1", "displayName", "Eng", "members", List.of()));
    }

    @Test
    void createWithMembers_postsTheMembersSortedById_W19() {
      var trace = Drive.group(GroupSync.write(desired("Eng", "u2", "u1"), Optional.empty(), target),
          Drive.replies(created("r1")));

      assertThat(trace.lines()).containsExactly("POST /Groups");
      assertThat(trace.body(0).get("members")).isEqualTo(memberObjects("u1", "u2"));
      assertThat(trace.result().written().orElseThrow().memberIds())
          .contains(java.util.Set.of("u1", "u2"));
    }

    @Test
    void createAnswered409_adoptsExactMatch_andPutsOnlyWhenTheRemoteDiffers() {
      var same = Drive.group(GroupSync.write(desired("Eng", "u1"), Optional.empty(), target),
          Drive.replies(conflict(), list(remoteGroup("r9", "Eng", "g1", "u1"))));
      assertThat(same.lines()).containsExactly("POST /Groups", "GET /Groups");
      assertThat(same.result().outcome()).isEqualTo(Outcome.ADOPTED);

      var differs = Drive.group(GroupSync.write(desired("Eng", "u1"), Optional.empty(), target),
          Drive.replies(conflict(), list(remoteGroup("r9", "Eng", "old-id")), ok()));
      assertThat(differs.lines()).containsExactly("POST /Groups", "GET /Groups", "PUT /Groups/r9");
      assertThat(differs.body(2)).isEqualTo(JsonValues.object("schemas", List.of(ScimSchemas.GROUP),
          "id", "r9", "externalId", "g1", "displayName", "Eng", "members", memberObjects("u1")));
    }

    @Test
    void updateWithChangedAttributes_putsTheFullPayloadWithMembers_andNoGet_W2() {
      var trace = Drive.group(GroupSync.write(desired("Engineering", "u1"),
          Optional.of(written("r1", "Eng", "u1")), target), Drive.replies(ok()));

      assertThat(trace.lines()).containsExactly("PUT /Groups/r1");
      assertThat(trace.body(0)).isEqualTo(JsonValues.object("schemas", List.of(ScimSchemas.GROUP),
          "id", "r1", "externalId", "g1", "displayName", "Engineering",
          "members", memberObjects("u1")));
    }

    @Test
    void updateWithPutRejected405_fallsBackToPatch_whenTargetHasNotRuledPatchOut_W3() {
      TargetStrategy unknownPatch = TargetStrategy.of(TargetCapabilities.assumed(),
          VendorProfiles.DEFAULT);
      var trace = Drive.group(GroupSync.write(desired("Engineering", "u1", "u2"),
          Optional.of(written("r1", "Eng", "u1")), unknownPatch),
          Drive.replies(status(405), noContent(), noContent()));

      assertThat(trace.lines()).containsExactly("PUT /Groups/r1", "PATCH /Groups/r1", "PATCH /Groups/r1");
      assertThat(trace.body(1)).isEqualTo(patchBody(JsonValues.object(
          "op", "replace", "value", Map.of("displayName", "Engineering"))));
      assertThat(trace.body(2)).isEqualTo(patchBody(addMembers("u2")));
      assertThat(trace.result().putRejected()).isTrue();
      assertThat(trace.result().outcome()).isEqualTo(Outcome.UPDATED);
    }

    @Test
    void updateWithPutRejected405_failsPermanently_whenTargetSaidItHasNoPatch_W3() {
      var trace = Drive.group(GroupSync.write(desired("Engineering"),
          Optional.of(written("r1", "Eng")), target), Drive.replies(status(405)));

      assertThat(trace.lines()).containsExactly("PUT /Groups/r1");
      assertThat(trace.result().outcome()).isEqualTo(Outcome.FAILED);
      assertThat(trace.result().failure().orElseThrow().kind()).isEqualTo(SyncFailure.Kind.PERMANENT);
      assertThat(trace.result().failure().orElseThrow().message())
          .contains("PUT /Groups/r1", "405", "does not accept PATCH");
      assertThat(trace.result().written().orElseThrow().remoteId()).isEqualTo("r1");
    }

    @Test
    void updateWithPutAnswered400Or401_failsWithoutPatchFallback_W3_W6() {
      for (int status : new int[] {400, 401, 500}) {
        var trace = Drive.group(GroupSync.write(desired("Engineering"),
            Optional.of(written("r1", "Eng")), TargetStrategy.of(TargetCapabilities.assumed(),
                VendorProfiles.DEFAULT)), Drive.replies(status(status)));
        assertThat(trace.lines()).as("status %d", status).containsExactly("PUT /Groups/r1");
        assertThat(trace.result().outcome()).isEqualTo(Outcome.FAILED);
      }
    }

    @Test
    void updateWithNothingChanged_sendsNoRequest_W2() {
      var trace = Drive.group(GroupSync.write(desired("Eng", "u1"),
          Optional.of(written("r1", "Eng", "u1")), target), Drive.replies());
      assertThat(trace.requests()).isEmpty();
    }

    @Test
    void updateAnswered404_dropsLinkAndRecreatesWithMembers() {
      var trace = Drive.group(GroupSync.write(desired("Engineering", "u1"),
          Optional.of(written("r1", "Eng")), target), Drive.replies(status(404), created("r2")));

      assertThat(trace.lines()).containsExactly("PUT /Groups/r1", "POST /Groups");
      assertThat(trace.body(1).get("members")).isEqualTo(memberObjects("u1"));
      assertThat(trace.result().written().orElseThrow().remoteId()).isEqualTo("r2");
    }

    @Test
    void memberAddedOrRemoved_putsTheNewMemberList_withoutPatchOrGet_W3() {
      var trace = Drive.group(GroupSync.write(desired("Eng", "u1", "u3"),
          Optional.of(written("r1", "Eng", "u1", "u2")), target), Drive.replies(noContent()));

      assertThat(trace.lines()).containsExactly("PUT /Groups/r1");
      assertThat(trace.body(0).get("members")).isEqualTo(memberObjects("u1", "u3"));
    }

    @Test
    void localDelete_sendsDelete() {
      var trace = Drive.group(GroupSync.delete(written("r1", "Eng"), target),
          Drive.replies(status(404)));
      assertThat(trace.lines()).containsExactly("DELETE /Groups/r1");
      assertThat(trace.result().outcome()).isEqualTo(Outcome.DELETED);
    }
  }
}
