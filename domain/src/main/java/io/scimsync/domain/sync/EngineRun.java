package io.scimsync.domain.sync;

import io.scimsync.domain.engine.GroupSync;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.Step;
import io.scimsync.domain.engine.UserSync;
import java.util.Objects;

/**
 * One engine run, user or group, behind one shape, its result told as a {@link RunResult}. Not
 * thread-safe: one owner drives it.
 */
public final class EngineRun {
  private interface Engine {
    Step<RunResult> start();

    Step<RunResult> onReply(ScimReply reply);
  }

  private final Engine engine;

  private EngineRun(Engine engine) {
    this.engine = engine;
  }

  public static EngineRun of(UserSync run) {
    Objects.requireNonNull(run, "run");
    return new EngineRun(new Engine() {
      @Override
      public Step<RunResult> start() {
        return map(run.start());
      }

      @Override
      public Step<RunResult> onReply(ScimReply reply) {
        return map(run.onReply(reply));
      }

      private Step<RunResult> map(Step<io.scimsync.domain.engine.UserSyncResult> step) {
        return step instanceof Step.Send<?> send ? new Step.Send<>(send.request())
            : new Step.Done<>(RunResult.of(((Step.Done<io.scimsync.domain.engine.UserSyncResult>)
                step).result()));
      }
    });
  }

  public static EngineRun of(GroupSync run) {
    Objects.requireNonNull(run, "run");
    return new EngineRun(new Engine() {
      @Override
      public Step<RunResult> start() {
        return map(run.start());
      }

      @Override
      public Step<RunResult> onReply(ScimReply reply) {
        return map(run.onReply(reply));
      }

      private Step<RunResult> map(Step<io.scimsync.domain.engine.GroupSyncResult> step) {
        return step instanceof Step.Send<?> send ? new Step.Send<>(send.request())
            : new Step.Done<>(RunResult.of(((Step.Done<io.scimsync.domain.engine.GroupSyncResult>)
                step).result()));
      }
    });
  }

  public Step<RunResult> start() {
    return engine.start();
  }

  public Step<RunResult> onReply(ScimReply reply) {
    return engine.onReply(reply);
  }

  /** Whether {@code request} creates a resource (the POST the engines send to a collection). */
  static boolean isCreate(ScimRequest request) {
    return request.method() == ScimRequest.Method.POST;
  }
}
