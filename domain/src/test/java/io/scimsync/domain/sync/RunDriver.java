package io.scimsync.domain.sync;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.SyncStateStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Drives an {@link ObjectRun} as its interpreter would: each Send answered by the scripted
 * replies in order, each Commit by {@code committed}. Records what it was asked to do.
 */
final class RunDriver {
  static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  final List<String> effects = new ArrayList<>();
  final List<ScimRequest> sent = new ArrayList<>();
  final List<ObjectCommit> commits = new ArrayList<>();
  ObjectRun.Summary summary;

  private final Deque<ScimReply> replies;
  private final Function<ObjectCommit, SyncStateStore.Outcome> committed;

  RunDriver(List<ScimReply> replies, Function<ObjectCommit, SyncStateStore.Outcome> committed) {
    this.replies = new ArrayDeque<>(replies);
    this.committed = committed;
  }

  static RunDriver replying(ScimReply... replies) {
    return new RunDriver(List.of(replies), commit -> SyncStateStore.Outcome.WRITTEN);
  }

  RunDriver run(ObjectRun run) {
    ObjectRun.Effect effect = run.start(NOW);
    for (int steps = 0; steps < 100; steps++) {
      if (effect instanceof ObjectRun.Effect.Send send) {
        effects.add("send " + send.request().describe());
        sent.add(send.request());
        if (replies.isEmpty()) {
          throw new AssertionError("no reply scripted for " + send.request().describe()
              + " after " + effects);
        }
        effect = run.onReply(replies.pop(), NOW);
      } else if (effect instanceof ObjectRun.Effect.Commit commit) {
        effects.add("commit " + describe(commit.commit()));
        commits.add(commit.commit());
        effect = run.onCommitted(committed.apply(commit.commit()), NOW);
      } else {
        summary = ((ObjectRun.Effect.Finished) effect).summary();
        effects.add("finished");
        if (!replies.isEmpty()) {
          throw new AssertionError("replies left over: " + replies);
        }
        return this;
      }
    }
    throw new AssertionError("the run did not finish: " + effects);
  }

  ObjectCommit last() {
    return commits.get(commits.size() - 1);
  }

  /** "save CREATE_SENT, hold" and the like: what a table row can state in one line. */
  static String describe(ObjectCommit commit) {
    String change = commit.connection() instanceof ObjectCommit.ConnectionChange.Save save
        ? "save " + save.connection().status()
        + save.connection().remoteId().map(id -> " " + id).orElse("")
        : commit.connection() instanceof ObjectCommit.ConnectionChange.Remove ? "remove" : "keep";
    String finish = commit.finish() instanceof ObjectCommit.Finish.Acknowledge ? "ack"
        : commit.finish() instanceof ObjectCommit.Finish.Hold ? "hold" : "release";
    String outcome = commit.outcome().map(o -> ", " + o.kind()).orElse("");
    String marks = commit.marks().map(m -> m.all() ? ", mark all groups" : ", mark unsynced groups")
        .orElse("");
    return change + ", " + finish + outcome + marks;
  }
}
