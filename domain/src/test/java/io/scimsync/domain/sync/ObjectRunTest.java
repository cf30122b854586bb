package io.scimsync.domain.sync;

import static io.scimsync.domain.sync.RunDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.engine.Deprovision;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.mapping.AttributeOverrides;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.MemberLink;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.SyncStateStore;
import io.scimsync.domain.port.SyncStatus;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.TargetStrategy;
import io.scimsync.domain.target.VendorProfiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** One object's run, as tables: a snapshot and the target's replies, and the effects asked for. */
class ObjectRunTest {
  private static final String OKTA = "okta";
  private static final TargetStrategy RFC = TargetStrategy.of(
      TargetCapabilities.fromServiceProviderConfig(Map.of("patch", Map.of("supported", true),
          "filter", Map.of("supported", true))), VendorProfiles.DEFAULT);
  private static final RunContext CTX = new RunContext(OKTA, RFC, AttributeOverrides.none(),
      Deprovision.DELETE, false, false, true, Duration.ofMillis(300),
      new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)));
  private static final LocalUser ADA = new LocalUser("ada", "ada@example.com",
      Optional.of("Ada"), Optional.empty(), Optional.empty(), Optional.empty(), true, Map.of());

  private static Claim claim(ObjectRef object) {
    return new Claim(OKTA, object, 1, 7, NOW.plusSeconds(300));
  }

  private static ObjectSnapshot user(Optional<LocalUser> user, Optional<Connection> connection) {
    return ObjectSnapshot.ofUser(OKTA, "ada", user, connection);
  }

  private static Connection createSent(String userName) {
    return new Connection(OKTA, ObjectRef.user("ada"), Optional.empty(),
        JsonValues.object("userName", userName), Optional.empty(), Optional.empty(),
        SyncStatus.CREATE_SENT, 0, Optional.empty(), Optional.empty(), OptionalInt.empty(), NOW);
  }

  private static Connection linked(String remoteId) {
    return new Connection(OKTA, ObjectRef.user("ada"), Optional.of(remoteId),
        JsonValues.object("userName", "ada@example.com", "displayName", "Ada", "active", true),
        Optional.empty(), Optional.empty(), SyncStatus.SYNCED, 0, Optional.empty(),
        Optional.empty(), OptionalInt.empty(), NOW);
  }

  private static ScimReply created(String id) {
    return ScimReply.Received.of(201, JsonValues.object("schemas", List.of(ScimSchemas.USER),
        "id", id, "userName", "ada@example.com"));
  }

  private static ScimReply list(String... ids) {
    return ScimReply.Received.of(200, JsonValues.object("schemas",
        List.of(ScimSchemas.LIST_RESPONSE), "totalResults", ids.length, "Resources",
        Stream.of(ids).map(id -> JsonValues.object("id", id, "userName", "ada@example.com"))
            .toList()));
  }

  private static ScimReply status(int status) {
    return ScimReply.Received.of(status, JsonValues.object("schemas", List.of(ScimSchemas.ERROR),
        "status", Integer.toString(status), "detail", "status " + status));
  }

  private static final ScimReply LOST = new ScimReply.NotDelivered(
      ScimReply.NotDelivered.Cause.TIMEOUT, "no answer within 30 s");

  static Stream<Arguments> userRuns() {
    return Stream.of(
        Arguments.of("a new user is marked as sent before its POST, then linked",
            user(Optional.of(ADA), Optional.empty()), List.of(created("r1")),
            List.of("commit save CREATE_SENT, hold", "send POST /Users",
                "commit save SYNCED r1, ack, CREATED, mark all groups", "finished")),
        Arguments.of("a POST whose answer is lost stays in doubt and is retried (hole 3)",
            user(Optional.of(ADA), Optional.empty()), List.of(LOST),
            List.of("commit save CREATE_SENT, hold", "send POST /Users",
                "commit save CREATE_SENT, release, FAILED", "finished")),
        Arguments.of("a POST the target refused is no longer in doubt",
            user(Optional.of(ADA), Optional.empty()), List.of(status(400)),
            List.of("commit save CREATE_SENT, hold", "send POST /Users",
                "commit save FAILED, ack, FAILED", "finished")),
        Arguments.of("a create in doubt is looked up and adopted, not sent twice",
            user(Optional.of(ADA), Optional.of(createSent("ada@example.com"))),
            List.of(list("r1"), ScimReply.Received.of(200, JsonValues.object("id", "r1",
                "userName", "ada@example.com"))),
            List.of("send GET /Users",
                "send PATCH /Users/r1", "commit save SYNCED r1, ack, ADOPTED, mark all groups",
                "finished")),
        Arguments.of("a create in doubt that never arrived is created",
            user(Optional.of(ADA), Optional.of(createSent("ada@example.com"))),
            List.of(list(), created("r2")),
            List.of("send GET /Users",
                "commit save CREATE_SENT, hold", "send POST /Users",
                "commit save SYNCED r2, ack, CREATED, mark all groups", "finished")),
        Arguments.of("a failed lookup never turns into a POST",
            user(Optional.of(ADA), Optional.of(createSent("ada@example.com"))),
            List.of(status(503)),
            List.of("send GET /Users",
                "commit save CREATE_SENT, release, FAILED", "finished")),
        Arguments.of("a user deleted while its create was in doubt is found and deleted (hole 1)",
            user(Optional.empty(), Optional.of(createSent("ada@example.com"))),
            List.of(list("r1"), ScimReply.Received.of(204)),
            List.of("send GET /Users",
                "send DELETE /Users/r1", "commit remove, ack, DELETED", "finished")),
        Arguments.of("a user deleted whose create never arrived leaves no link",
            user(Optional.empty(), Optional.of(createSent("ada@example.com"))), List.of(list()),
            List.of("send GET /Users",
                "commit remove, ack", "finished")),
        Arguments.of("a user deleted locally and never written needs nothing",
            user(Optional.empty(), Optional.empty()), List.of(),
            List.of("commit keep, ack", "finished")),
        Arguments.of("a linked user deleted locally is deleted remotely",
            user(Optional.empty(), Optional.of(linked("r1"))), List.of(ScimReply.Received.of(204)),
            List.of("send DELETE /Users/r1", "commit remove, ack, DELETED", "finished")),
        Arguments.of("two remote users of the name: none is adopted",
            user(Optional.of(ADA), Optional.of(createSent("ada@example.com"))),
            List.of(list("r1", "r2")),
            List.of("send GET /Users",
                "commit save CREATE_SENT, ack, FAILED", "finished")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userRuns")
  void userRun(String name, ObjectSnapshot snapshot, List<ScimReply> replies,
               List<String> effects) {
    RunDriver driver = new RunDriver(replies, commit -> SyncStateStore.Outcome.WRITTEN)
        .run(ObjectRun.of(claim(snapshot.object()), snapshot, CTX, new SplittableRandom(1)));

    assertThat(driver.effects).containsExactlyElementsOf(effects);
  }

  @Test
  void theCreateMarkNamesTheObject_soALaterLookupCanFindIt() {
    RunDriver driver = RunDriver.replying(LOST).run(ObjectRun.of(claim(ObjectRef.user("ada")),
        user(Optional.of(ADA), Optional.empty()), CTX, new SplittableRandom(1)));

    Connection kept = ((ObjectCommit.ConnectionChange.Save) driver.last().connection())
        .connection();
    assertThat(kept.writtenAttributes()).containsEntry("userName", "ada@example.com");
    assertThat(kept.lastError()).get().asString().contains("no answer within 30 s");
    assertThat(driver.summary.retryAt()).isPresent();
  }

  @Test
  void aFencedMark_sendsNothing() {
    RunDriver driver = new RunDriver(List.of(), commit -> SyncStateStore.Outcome.FENCED)
        .run(ObjectRun.of(claim(ObjectRef.user("ada")), user(Optional.of(ADA), Optional.empty()),
            CTX, new SplittableRandom(1)));

    assertThat(driver.effects).containsExactly("commit save CREATE_SENT, hold", "finished");
    assertThat(driver.summary.fenced()).isTrue();
  }

  @Test
  void aRemoteIdAnotherObjectHolds_leavesThisOneUnlinkedAndFailed() {
    RunDriver driver = new RunDriver(List.of(created("r1")), commit ->
        commit.outcome().map(o -> o.kind() == OutcomeKind.CREATED).orElse(false)
            ? new SyncStateStore.Outcome(SyncStateStore.Result.REMOTE_ID_TAKEN, "held by bob")
            : SyncStateStore.Outcome.WRITTEN)
        .run(ObjectRun.of(claim(ObjectRef.user("ada")), user(Optional.of(ADA), Optional.empty()),
            CTX, new SplittableRandom(1)));

    assertThat(driver.effects).containsExactly("commit save CREATE_SENT, hold",
        "send POST /Users", "commit save SYNCED r1, ack, CREATED, mark all groups",
        "commit save FAILED, ack, FAILED", "finished");
    assertThat(driver.last().outcome().get().detail()).isEqualTo("held by bob");
  }

  @Test
  void aDryRun_marksNothing_andLogsWhatItWouldSend() {
    RunContext dry = new RunContext(OKTA, RFC, AttributeOverrides.none(), Deprovision.DELETE,
        true, false, true, Duration.ofMillis(300), CTX.retry());
    RunDriver driver = RunDriver.replying(new ScimReply.WithheldByDryRun())
        .run(ObjectRun.of(claim(ObjectRef.user("ada")), user(Optional.of(ADA), Optional.empty()),
            dry, new SplittableRandom(1)));

    assertThat(driver.effects).containsExactly("send POST /Users", "commit keep, ack, DRY_RUN",
        "finished");
    assertThat(driver.last().outcome().get().detail()).isEqualTo("would send: POST /Users");
  }

  @Test
  void aRequestThatCannotBeEncoded_failsTheObjectPermanently() {
    ObjectRun run = ObjectRun.of(claim(ObjectRef.user("ada")),
        user(Optional.empty(), Optional.of(linked("r1"))), CTX, new SplittableRandom(1));
    assertThat(run.start(NOW)).isInstanceOf(ObjectRun.Effect.Send.class);

    ObjectRun.Effect effect = run.onUnsendable("nested too deep", NOW);

    ObjectCommit commit = ((ObjectRun.Effect.Commit) effect).commit();
    assertThat(RunDriver.describe(commit)).isEqualTo("save FAILED r1, ack, FAILED");
    assertThat(commit.outcome().get().detail())
        .isEqualTo("cannot send DELETE /Users/r1 for user 'ada': nested too deep");
    assertThat(run.onCommitted(SyncStateStore.Outcome.ACKNOWLEDGED, NOW))
        .isInstanceOf(ObjectRun.Effect.Finished.class);
  }

  @Test
  void aGroupWithMembersStillBeingCreated_waits_thenIsWrittenWithThem() {
    LocalGroup eng = LocalGroup.of("eng", "Engineering", java.util.Set.of("ada", "bob"));
    ObjectSnapshot waiting = ObjectSnapshot.ofGroup(OKTA, "eng", Optional.of(eng),
        Optional.empty(), Map.of("ada", new MemberLink("ada", Optional.of("r-ada"),
            SyncStatus.SYNCED), "bob", new MemberLink("bob", Optional.empty(),
            SyncStatus.CREATE_SENT)));

    RunDriver deferred = RunDriver.replying().run(ObjectRun.of(claim(ObjectRef.group("eng")),
        waiting, CTX, new SplittableRandom(1)));

    assertThat(deferred.effects).containsExactly("commit keep, release", "finished");
    assertThat(deferred.summary.deferred()).isTrue();
    assertThat(deferred.last().finish()).isEqualTo(
        new ObjectCommit.Finish.ReleaseAt(NOW.plusMillis(300)));

    ObjectSnapshot failedMember = ObjectSnapshot.ofGroup(OKTA, "eng", Optional.of(eng),
        Optional.empty(), Map.of("ada", new MemberLink("ada", Optional.of("r-ada"),
            SyncStatus.SYNCED), "bob", new MemberLink("bob", Optional.empty(),
            SyncStatus.FAILED)));
    RunDriver written = RunDriver.replying(ScimReply.Received.of(201, JsonValues.object("id",
            "r-eng", "displayName", "Engineering")), ScimReply.Received.of(204))
        .run(ObjectRun.of(claim(ObjectRef.group("eng")), failedMember, CTX,
            new SplittableRandom(1)));
    assertThat(written.effects).containsExactly("commit save CREATE_SENT, hold",
        "send POST /Groups", "send PATCH /Groups/r-eng", "commit save WAITING r-eng, ack, CREATED",
        "finished");
  }

  @Test
  void aGroupInDoubtOnAws_isLookedUpWithoutItsMembers() {
    TargetStrategy aws = TargetStrategy.of(TargetCapabilities.assumed(), VendorProfiles.AWS);
    RunContext ctx = new RunContext(OKTA, aws, AttributeOverrides.none(), Deprovision.DELETE,
        false, false, true, Duration.ofMillis(300), CTX.retry());
    Connection inDoubt = new Connection(OKTA, ObjectRef.group("eng"), Optional.empty(),
        JsonValues.object("displayName", "Engineering"), Optional.empty(), Optional.empty(),
        SyncStatus.CREATE_SENT, 0, Optional.empty(), Optional.empty(), OptionalInt.empty(), NOW);
    ObjectRun run = ObjectRun.of(claim(ObjectRef.group("eng")), ObjectSnapshot.ofGroup(OKTA,
        "eng", Optional.empty(), Optional.of(inDoubt), Map.of()), ctx, new SplittableRandom(1));

    ObjectRun.Effect first = run.start(NOW);

    assertThat(((ObjectRun.Effect.Send) first).request().query())
        .containsEntry("excludedAttributes", "members")
        .containsEntry("filter", "displayName eq \"Engineering\"");
  }
}
