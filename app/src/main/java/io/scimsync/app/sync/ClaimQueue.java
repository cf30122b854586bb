package io.scimsync.app.sync;

import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.sync.GroupSettle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A {@link ProviderActor}'s claim loop: claims dirty objects in batches (one query feeds many
 * objects), keeps them queued in claim order, and starts them on its {@link ObjectWorks} while
 * there is room, holding groups in a burst of changes ({@link GroupSettle}). Lives inside the
 * actor: every method runs on the actor's thread.
 */
final class ClaimQueue {
  /** A claim query's answer, piped back to the actor. */
  record Claimed(long epoch, int asked, List<Claim> claims, Throwable error)
      implements ProviderActor.Command {}

  /** A lease renewal's answer: the claims it kept. */
  record Renewed(long epoch, List<Claim> asked, List<Claim> renewed, Throwable error)
      implements ProviderActor.Command {}

  private final ActorContext<ProviderActor.Command> ctx;
  private final ProviderRuntime rt;
  private final SyncServices s;
  private final long epoch;
  private final ObjectWorks works;
  private final int maxWork;
  private final LinkedHashMap<ObjectRef, Claim> queued = new LinkedHashMap<>();
  private final GroupSettle settle = new GroupSettle();
  private boolean claiming;
  private boolean moreMaybe = true;

  ClaimQueue(ActorContext<ProviderActor.Command> ctx, ProviderRuntime rt, SyncServices s,
             long epoch, ObjectWorks works) {
    this.ctx = ctx;
    this.rt = rt;
    this.s = s;
    this.epoch = epoch;
    this.works = works;
    this.maxWork = Math.max(64, rt.settings().maxConcurrency() * 8);
  }

  /** Something may have become dirty (a notification, a timer, an object done). */
  void more() {
    moreMaybe = true;
  }

  boolean claiming() {
    return claiming;
  }

  boolean isEmpty() {
    return queued.isEmpty();
  }

  /** Starts what is queued, then claims more unless {@code hold}, one is on its way or full. */
  void claimIfUseful(boolean hold) {
    startQueued();
    if (claiming || !moreMaybe || hold || queued.size() >= maxWork) {
      return;
    }
    int asked = Math.max(s.timings().claimBatch(), maxWork);
    claiming = true;
    moreMaybe = false;
    ctx.pipeToSelf(s.onDb(() -> s.feed().claim(rt.name(), asked, s.timings().lease(),
            s.clock().instant())),
        (claims, error) -> new Claimed(epoch, asked, claims, error));
  }

  /** A claim query answered without error: its claims are queued (or run next). */
  void onClaimed(Claimed claimed) {
    claiming = false;
    if (claimed.claims().size() == claimed.asked()) {
      moreMaybe = true;
    }
    for (Claim claim : claimed.claims()) {
      if (works.contains(claim.object())) {
        // its lease ran out while we still work on it: the run ends fenced, then this runs
        works.claimedAgain(claim);
      } else {
        queued.put(claim.object(), claim);
      }
    }
  }

  /** The claim query failed: nothing was claimed. */
  void onClaimFailed() {
    claiming = false;
  }

  /** Starts queued objects while there is room; their snapshots are read together. */
  void startQueued() {
    Instant now = s.clock().instant();
    Iterator<Claim> next = queued.values().iterator();
    while (works.size() < maxWork && next.hasNext()) {
      Claim claim = next.next();
      next.remove();
      Optional<Instant> held = settle.holdUntil(claim, now);
      if (held.isPresent()) {
        works.release(claim, held.get());
      } else {
        works.start(claim);
      }
    }
    works.readSnapshots();
  }

  /** A newer claim of an object that just finished: it runs next. */
  void requeue(ObjectRef object, Claim newer) {
    queued.put(object, newer);
  }

  /** The object was written to the target: a burst that follows is let settle. */
  void written(ObjectRef object) {
    settle.written(object, s.clock().instant());
  }

  /** Now and then: what the settling remembers is bounded. */
  void tick() {
    moreMaybe = true;
    settle.expire(s.clock().instant());
  }

  /** Renews the leases of the queued claims and of {@code inProgress}. */
  void renew(List<Claim> inProgress) {
    List<Claim> all = new ArrayList<>(queued.values());
    all.addAll(inProgress);
    if (all.isEmpty()) {
      return;
    }
    Instant until = s.clock().instant().plus(s.timings().lease());
    ctx.pipeToSelf(s.onDb(() -> s.feed().renew(all, until)),
        (renewed, error) -> new Renewed(epoch, all, renewed, error));
  }

  /** The claims a renewal did not keep were taken over while queued: their holder runs them. */
  void onRenewed(Renewed msg) {
    if (msg.epoch() != epoch || msg.error() != null) {
      return;
    }
    Set<Long> kept = new HashSet<>();
    msg.renewed().forEach(c -> kept.add(c.token()));
    for (Claim claim : msg.asked()) {
      if (!kept.contains(claim.token()) && queued.get(claim.object()) == claim) {
        queued.remove(claim.object());
      }
    }
  }

  /** Every queued claim given back, claimable again at once (the actor stops). */
  void releaseAll() {
    Instant now = s.clock().instant();
    queued.values().forEach(claim -> works.release(claim, now));
    queued.clear();
  }
}
