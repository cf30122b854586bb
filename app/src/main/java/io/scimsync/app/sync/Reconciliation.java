package io.scimsync.app.sync;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.engine.Adoption;
import io.scimsync.domain.engine.ListPager;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.Step;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.RemoteIdTakenException;
import io.scimsync.domain.port.RunKind;
import io.scimsync.domain.port.ScimTransport;
import io.scimsync.domain.port.SyncStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preparation of a full reconcile, before its objects become ordinary change-feed work:
 * discover remote objects that match unlinked local ones and adopt them (exact matches only), then
 * mark every local object, and every linked remote object whose local object is gone, dirty for
 * the provider. The provider actor then works them in reconcile mode (reading each remote object
 * to repair drift) and closes the run when the work is done.
 */
final class Reconciliation {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
  static final int PAGE = 1000;
  private static final int REMOTE_PAGE = 100;

  private Reconciliation() {
  }

  /** @param adopted how many remote objects were linked by discovery */
  record Started(long runId, int adopted, long marked) {}

  /** Starts the run in the sync log, discovers, adopts and marks. */
  static CompletionStage<Started> start(SyncServices s, ProviderRuntime rt) {
    return s.onDb(() -> {
          // what an earlier reconcile listed is stale now: only this one's listing counts
          s.connections().clearSeen(rt.name());
          return s.log().runStarted(rt.name(), RunKind.RECONCILE, s.clock().instant());
        })
        .thenCompose(runId -> discover(s, rt, ObjectKind.USER, true)
            .thenCompose(users -> discover(s, rt, ObjectKind.GROUP, true)
                .thenCompose(groups -> s.onDb(() -> markAll(s, rt.name()))
                    .thenApply(marked -> new Started(runId, users.size() + groups.size(),
                        marked)))));
  }

  /**
   * Lists the remote collection and matches it against the unlinked local objects of the kind.
   *
   * @param store link the matches (a reconcile) or only report them (a plan)
   * @return local id to adopted remote id
   */
  static CompletionStage<Map<String, String>> discover(SyncServices s, ProviderRuntime rt,
                                                       ObjectKind kind, boolean store) {
    // a reconcile lists whole objects: the listing is what their runs compare against, so an
    // object without drift costs no GET of its own. Each page is recorded as it comes and only
    // what adoption needs is kept, so memory does not grow with the target's whole resources
    return discover(s, rt, kind, store, store);
  }

  private static CompletionStage<Map<String, String>> discover(
      SyncServices s, ProviderRuntime rt, ObjectKind kind, boolean store, boolean whole) {
    boolean users = kind == ObjectKind.USER;
    ListPager.Query query = whole ? wholeQuery(rt, kind)
        : ListPager.Query.of(users ? "/Users" : "/Groups", REMOTE_PAGE)
            .withAttributes(adoptionAttributes(kind));
    ListPager pager = ListPager.list(query, rt.profile());
    List<Map<String, Object>> remote = new ArrayList<>();
    return s.onDb(() -> Links.read(s, rt.name(), kind)).thenCompose(links ->
        listAll(rt.transport(), pager, pager.start(), page -> {
          for (Map<String, Object> resource : page) {
            if (!whole) {
              remote.add(resource);
            } else if (!links.remote().contains(String.valueOf(resource.get("id")))) {
              // a linked object is recorded for its run and needs nothing more: only unlinked
              // ones can be adopted (or found for a create in doubt)
              remote.add(forAdoption(kind, resource));
            }
          }
          return whole ? s.onDb(() -> saveSeen(s, rt.name(), kind, page, links.remote()))
              : CompletableFuture.completedFuture(0);
        }).thenCompose(result -> {
          if (result.failure().isPresent() && whole && !users) {
            // whole groups can make too large a page (members): the groups not recorded so far
            // are read one by one by their runs instead
            LOG.warn("provider {}: listing whole remote groups failed, listing them for "
                + "discovery only: {}", rt.name(), result.failure().get().message());
            return discover(s, rt, kind, store, false);
          }
          if (result.failure().isPresent()) {
            // discovery is an optimisation: without it, creates meet 409 and adopt one by one
            LOG.warn("provider {}: discovery of remote {} failed, continuing without it: {}",
                rt.name(), users ? "users" : "groups", result.failure().get().message());
            return CompletableFuture.completedFuture(Map.<String, String>of());
          }
          return s.onDb(() -> adopt(s, rt.name(), kind, remote, store, links));
        }));
  }

  private static final String[] ADOPTION_USER_ATTRIBUTES = {"id", "userName", "externalId",
      "emails"};
  private static final String[] ADOPTION_GROUP_ATTRIBUTES = {"id", "displayName", "externalId"};
  /** Groups listed with their members: fewer a page, as each may carry thousands. */
  private static final int REMOTE_GROUP_PAGE = 20;

  private static String[] adoptionAttributes(ObjectKind kind) {
    return kind == ObjectKind.USER ? ADOPTION_USER_ATTRIBUTES : ADOPTION_GROUP_ATTRIBUTES;
  }

  /** Whole objects, as a GET of one would read them: groups without members where it would. */
  private static ListPager.Query wholeQuery(ProviderRuntime rt, ObjectKind kind) {
    if (kind == ObjectKind.USER) {
      return ListPager.Query.of("/Users", REMOTE_PAGE);
    }
    return rt.profile().echoesMembersOnGet()
        ? ListPager.Query.of("/Groups", REMOTE_GROUP_PAGE)
        : ListPager.Query.of("/Groups", REMOTE_PAGE).withExcludedAttributes("members");
  }

  private static Map<String, Object> forAdoption(ObjectKind kind, Map<String, Object> resource) {
    Map<String, Object> kept = new HashMap<>();
    for (String attribute : adoptionAttributes(kind)) {
      Object value = resource.get(attribute);
      if (value != null) {
        kept.put(attribute, value);
      }
    }
    return kept;
  }

  /** The provider's links of one kind, read before the listing. */
  record Links(Set<String> local, Set<String> remote, List<Connection> inDoubt) {
    static Links read(SyncServices s, String provider, ObjectKind kind) {
      Links links = new Links(new HashSet<>(), new HashSet<>(), new ArrayList<>());
      Optional<String> after = Optional.empty();
      while (true) {
        List<Connection> page = s.connections().list(provider, kind, after, PAGE);
        for (Connection c : page) {
          c.remoteId().ifPresent(id -> {
            links.local().add(c.object().localId());
            links.remote().add(id);
          });
          if (c.remoteId().isEmpty() && c.status() == SyncStatus.CREATE_SENT) {
            links.inDoubt().add(c);
          }
        }
        if (page.size() < PAGE) {
          return links;
        }
        after = Optional.of(page.get(page.size() - 1).object().localId());
      }
    }
  }

  private static CompletionStage<ListPager.Result> listAll(
      ScimTransport transport, ListPager pager, Step<ListPager.Result> step,
      java.util.function.Function<List<Map<String, Object>>, CompletionStage<?>> onPage) {
    if (step instanceof Step.Done<ListPager.Result> done) {
      return onPage.apply(pager.takePage()).thenApply(ignored -> done.result());
    }
    Step.Send<ListPager.Result> send = (Step.Send<ListPager.Result>) step;
    return SafeTransport.execute(transport, send.request()).thenCompose(reply -> {
      Step<ListPager.Result> next = pager.onReply(reply);
      return onPage.apply(pager.takePage())
          .thenCompose(ignored -> listAll(transport, pager, next, onPage));
    });
  }

  private static Map<String, String> adopt(SyncServices s, String provider, ObjectKind kind,
                                           List<Map<String, Object>> remote, boolean store,
                                           Links links) {
    Set<String> linkedLocal = links.local();
    Set<String> linkedRemote = links.remote();
    List<Connection> inDoubt = links.inDoubt();
    if (store) {
      InDoubt.linkDeleted(s, provider, kind, remote, linkedRemote, inDoubt);
    }
    Adoption.Decisions decisions;
    if (kind == ObjectKind.USER) {
      List<Adoption.UserCandidate> candidates = new ArrayList<>();
      forEachUser(s, user -> {
        if (!linkedLocal.contains(user.id())) {
          candidates.add(Adoption.UserCandidate.of(user));
        }
      });
      decisions = Adoption.users(remote, candidates, linkedRemote, linkedLocal);
    } else {
      List<Adoption.GroupCandidate> candidates = new ArrayList<>();
      forEachGroup(s, group -> {
        if (!linkedLocal.contains(group.id())) {
          candidates.add(Adoption.GroupCandidate.of(group));
        }
      });
      decisions = Adoption.groups(remote, candidates, linkedRemote, linkedLocal);
    }
    for (Adoption.Ambiguity ambiguity : decisions.ambiguities()) {
      LOG.warn("provider {}: not adopting {} by {} {}: several remote objects match ({})",
          provider, kind.name().toLowerCase(java.util.Locale.ROOT), ambiguity.matchedBy(),
          ambiguity.values(), ambiguity.remoteIds());
    }
    Map<String, String> adopted = new HashMap<>();
    for (Adoption.Adopt adopt : decisions.adoptions()) {
      if (store) {
        try {
          // nothing known to be written: the next run writes every attribute and member
          s.connections().save(new Connection(provider, new ObjectRef(kind, adopt.localId()),
              Optional.of(adopt.remoteId()), Map.of(), Optional.empty(), Optional.empty(),
              SyncStatus.PENDING, 0, Optional.empty(), Optional.empty(), OptionalInt.empty(),
              s.clock().instant()));
        } catch (RemoteIdTakenException e) {
          LOG.warn("provider {}: {}", provider, e.getMessage());
          continue;
        }
      }
      adopted.put(adopt.localId(), adopt.remoteId());
    }
    if (!adopted.isEmpty()) {
      LOG.info("provider {}: discovery adopted {} existing remote {}", provider, adopted.size(),
          kind == ObjectKind.USER ? "users" : "groups");
    }
    return adopted;
  }

  /** What one list page showed of each linked remote object, for the runs that follow. */
  private static int saveSeen(SyncServices s, String provider, ObjectKind kind,
                              List<Map<String, Object>> remote, Set<String> linkedRemote) {
    Map<String, Map<String, Object>> seen = new HashMap<>();
    for (Map<String, Object> resource : remote) {
      Object id = resource.get("id");
      if (id instanceof String remoteId && linkedRemote.contains(remoteId)) {
        seen.put(remoteId, resource);
      }
    }
    s.connections().saveSeen(provider, kind, seen);
    return seen.size();
  }

  /** Marks every local object, and every linked object no longer local, dirty for the provider. */
  private static long markAll(SyncServices s, String provider) {
    long marked = 0;
    for (ObjectKind kind : ObjectKind.values()) {
      Set<String> local = new HashSet<>();
      Optional<String> afterLocal = Optional.empty();
      while (true) {
        // one page of the directory at a time, marked in one statement
        List<String> ids = kind == ObjectKind.USER
            ? s.directory().users(afterLocal, PAGE).stream().map(LocalUser::id).toList()
            : s.directory().groups(afterLocal, PAGE).stream().map(LocalGroup::id).toList();
        s.feed().markDirty(provider, ids.stream().map(id -> new ObjectRef(kind, id)).toList());
        local.addAll(ids);
        marked += ids.size();
        if (ids.size() < PAGE) {
          break;
        }
        afterLocal = Optional.of(ids.get(ids.size() - 1));
      }
      Optional<String> after = Optional.empty();
      List<ObjectRef> gone = new ArrayList<>();
      while (true) {
        List<Connection> page = s.connections().list(provider, kind, after, PAGE);
        for (Connection c : page) {
          if (!local.contains(c.object().localId())) {
            gone.add(c.object());
          }
        }
        if (page.size() < PAGE) {
          break;
        }
        after = Optional.of(page.get(page.size() - 1).object().localId());
      }
      s.feed().markDirty(provider, gone);
      marked += gone.size();
    }
    return marked;
  }

  static void forEachUser(SyncServices s, java.util.function.Consumer<LocalUser> action) {
    Optional<String> after = Optional.empty();
    while (true) {
      List<LocalUser> page = s.directory().users(after, PAGE);
      page.forEach(action);
      if (page.size() < PAGE) {
        return;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
  }

  static void forEachGroup(SyncServices s, java.util.function.Consumer<LocalGroup> action) {
    Optional<String> after = Optional.empty();
    while (true) {
      List<LocalGroup> page = s.directory().groups(after, PAGE);
      page.forEach(action);
      if (page.size() < PAGE) {
        return;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
  }
}
