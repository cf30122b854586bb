package io.scimsync.app.sync;

import io.scimsync.domain.engine.GroupSync;
import io.scimsync.domain.engine.GroupSyncResult;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.Step;
import io.scimsync.domain.engine.UserSync;
import io.scimsync.domain.engine.UserSyncResult;

/**
 * One object's engine run, user or group, behind one shape so the actor drives both alike. Not
 * thread-safe: the owning actor (or one sequential future chain, for plans) calls it.
 */
abstract sealed class EngineRun permits EngineRun.OfUser, EngineRun.OfGroup {
  abstract Step<?> start();

  abstract Step<?> onReply(ScimReply reply);

  static EngineRun of(UserSync run) {
    return new OfUser(run);
  }

  static EngineRun of(GroupSync run) {
    return new OfGroup(run);
  }

  static final class OfUser extends EngineRun {
    private final UserSync run;

    OfUser(UserSync run) {
      this.run = run;
    }

    @Override
    Step<UserSyncResult> start() {
      return run.start();
    }

    @Override
    Step<UserSyncResult> onReply(ScimReply reply) {
      return run.onReply(reply);
    }
  }

  static final class OfGroup extends EngineRun {
    private final GroupSync run;

    OfGroup(GroupSync run) {
      this.run = run;
    }

    @Override
    Step<GroupSyncResult> start() {
      return run.start();
    }

    @Override
    Step<GroupSyncResult> onReply(ScimReply reply) {
      return run.onReply(reply);
    }
  }
}
