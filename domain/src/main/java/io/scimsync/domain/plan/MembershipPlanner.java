package io.scimsync.domain.plan;

import io.scimsync.domain.engine.ScimFilter;
import io.scimsync.domain.model.Member;
import io.scimsync.domain.model.PatchOperation;
import io.scimsync.domain.model.PatchRequest;
import io.scimsync.domain.target.MemberAdd;
import io.scimsync.domain.target.MemberRemoval;
import io.scimsync.domain.target.TargetStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the PATCH requests that turn a group's current member set into the desired one.
 *
 * <p>Adds come before removes, so a group being re-populated never passes through empty; one
 * {@code add} operation carries many members in its value array; requests respect the profile's
 * members-per-request and operations-per-PATCH limits, which authentik ignored (W4). Members are
 * sorted by id so the same delta always gives the same requests (W19). Within those rules the
 * number of requests is the minimum: requests are filled in order, and the last request that
 * adds also removes as far as its room allows.
 */
public final class MembershipPlanner {
  private MembershipPlanner() {}

  public static List<MemberPatch> plan(Set<String> current, Set<String> desired,
                                       TargetStrategy strategy) {
    List<String> adds = new ArrayList<>(new TreeSet<>(desired));
    adds.removeAll(current);
    List<String> removes = new ArrayList<>(new TreeSet<>(current));
    removes.removeAll(desired);
    int maxMembers = strategy.maxMembersPerRequest();
    int maxOps = strategy.maxOperationsPerPatch();
    MemberRemoval removal = strategy.profile().memberRemoval();
    List<MemberPatch> requests = new ArrayList<>();
    int a = 0;
    int r = 0;
    while (a < adds.size() || r < removes.size()) {
      List<PatchOperation> ops = new ArrayList<>();
      Set<String> added = new TreeSet<>();
      Set<String> removed = new TreeSet<>();
      int memberRoom = maxMembers;
      int opRoom = maxOps;
      if (a < adds.size()) {
        int take = Math.min(memberRoom, adds.size() - a);
        List<String> chunk = adds.subList(a, a + take);
        ops.add(addOperation(chunk, strategy));
        added.addAll(chunk);
        a += take;
        memberRoom -= take;
        opRoom -= 1;
      }
      if (a == adds.size() && r < removes.size() && memberRoom > 0 && opRoom > 0) {
        if (removal == MemberRemoval.VALUE_ARRAY) {
          int take = Math.min(memberRoom, removes.size() - r);
          List<String> chunk = removes.subList(r, r + take);
          ops.add(PatchOperation.remove("members", memberObjects(chunk, strategy)));
          removed.addAll(chunk);
          r += take;
        } else {
          int take = Math.min(Math.min(memberRoom, opRoom), removes.size() - r);
          for (String id : removes.subList(r, r + take)) {
            ops.add(PatchOperation.remove("members[value eq " + ScimFilter.quote(id) + "]"));
            removed.add(id);
          }
          r += take;
        }
      }
      requests.add(new MemberPatch(new PatchRequest(ops), added, removed));
    }
    return List.copyOf(requests);
  }

  private static PatchOperation addOperation(List<String> ids, TargetStrategy strategy) {
    List<Map<String, Object>> members = memberObjects(ids, strategy);
    return strategy.profile().memberAdd() == MemberAdd.PATHLESS_OBJECT
        ? PatchOperation.add(null, Map.of("members", members))
        : PatchOperation.add("members", members);
  }

  /** Member objects as the target wants them: {@code {"value": id}}, plus {@code type} where required. */
  public static List<Map<String, Object>> memberObjects(java.util.Collection<String> ids,
                                                        TargetStrategy strategy) {
    return ids.stream()
        .map(id -> Member.of(id, strategy.profile().memberType()).toMap())
        .toList();
  }
}
