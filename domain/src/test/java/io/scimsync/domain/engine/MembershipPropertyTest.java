package io.scimsync.domain.engine;

import static io.scimsync.domain.engine.GroupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.target.MemberRemoval;
import io.scimsync.domain.target.MemberWrite;
import io.scimsync.domain.target.TargetStrategy;
import io.scimsync.domain.target.VendorProfile;
import io.scimsync.domain.target.VendorProfiles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For random current and desired member sets of up to 10,000 members and every profile: applying
 * the requests the engine sends to the current set yields exactly the desired set, no request
 * exceeds a profile limit, adds never follow removes, and the number of requests is the minimum.
 * The target below interprets request bodies on its own, independently of the planner. Seeded,
 * so every run checks the same cases.
 */
class MembershipPropertyTest {
  private static final long INF = Long.MAX_VALUE / 4;
  private static final int CASES_PER_PROFILE = 40;

  static Stream<Arguments> profiles() {
    List<VendorProfile> profiles = new ArrayList<>();
    for (String name : VendorProfiles.NAMES) {
      profiles.add(VendorProfiles.byName(name).orElseThrow());
    }
    // limits no built-in profile sets, to exercise chunking of operations and both removal forms
    profiles.add(VendorProfiles.DEFAULT.withOverrides(Map.of("maxOperationsPerPatch", 1,
        "maxMembersPerRequest", 7)).named("ops1-members7"));
    profiles.add(VendorProfiles.DEFAULT.withOverrides(Map.of("maxOperationsPerPatch", 3,
        "maxMembersPerRequest", 50)).named("ops3-members50"));
    profiles.add(VendorProfiles.DEFAULT.withOverrides(Map.of("maxOperationsPerPatch", 2,
        "memberRemoval", "VALUE_ARRAY", "maxMembersPerRequest", 100)).named("ops2-array"));
    profiles.add(VendorProfiles.DEFAULT.withOverrides(Map.of("maxOperationsPerPatch", 1,
        "memberRemoval", "VALUE_ARRAY", "maxMembersPerRequest", 10)).named("ops1-array"));
    return profiles.stream().map(p -> Arguments.of(p.name(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void plannedRequestsTurnCurrentIntoDesired_withinLimits_inTheMinimumNumberOfRequests(
      String name, VendorProfile profile) {
    TargetStrategy strategy = strategy(profile, SPC_PATCH);
    Random random = new Random(name.hashCode() * 31L + 7);
    for (int c = 0; c < CASES_PER_PROFILE; c++) {
      int universe = c == 0 ? 10_000 : c == 1 ? 0 : c < 6 ? random.nextInt(300)
          : random.nextInt(c % 5 == 0 ? 10_001 : 1_000);
      Set<String> current = new HashSet<>();
      Set<String> desired = new HashSet<>();
      double pCurrent = random.nextDouble();
      double pDesired = random.nextDouble();
      for (int i = 0; i < universe; i++) {
        String id = "u" + i + (i % 17 == 0 ? "\"q\\" : "");
        if (random.nextDouble() < pCurrent) {
          current.add(id);
        }
        if (random.nextDouble() < pDesired) {
          desired.add(id);
        }
      }
      check(strategy, current, desired, name + " case " + c);
    }
  }

  private void check(TargetStrategy strategy, Set<String> current, Set<String> desired,
                     String label) {
    RemoteGroup remote = new RemoteGroup(strategy, current);
    DesiredGroup group = desired("Eng", desired.toArray(String[]::new));
    var trace = Drive.group(GroupSync.write(group,
        Optional.of(written("r1", "Eng", current.toArray(String[]::new))), strategy), remote::apply);

    assertThat(trace.result().failure()).as(label).isEmpty();
    assertThat(remote.members).as(label + ": remote members").isEqualTo(desired);
    assertThat(trace.result().written().orElseThrow().memberIds()).as(label).contains(desired);
    assertThat(trace.requests().size()).as(label + ": request count")
        .isEqualTo(minimumRequests(strategy, current, desired));
  }

  /** The fewest requests any plan can take, adds before removes, from the limits alone. */
  static long minimumRequests(TargetStrategy strategy, Set<String> current, Set<String> desired) {
    if (strategy.members() == MemberWrite.PUT) {
      return current.equals(desired) ? 0 : 1;
    }
    long adds = desired.stream().filter(id -> !current.contains(id)).count();
    long removes = current.stream().filter(id -> !desired.contains(id)).count();
    long m = strategy.profile().maxMembersPerRequest() == 0 ? INF : strategy.profile().maxMembersPerRequest();
    long o = strategy.profile().maxOperationsPerPatch() == 0 ? INF : strategy.profile().maxOperationsPerPatch();
    long addRequests = adds == 0 ? 0 : ceil(adds, m);
    boolean valueArray = strategy.profile().memberRemoval() == MemberRemoval.VALUE_ARRAY;
    long roomInLastAdd = adds == 0 ? 0
        : valueArray ? (o >= 2 ? addRequests * m - adds : 0)
        : Math.min(addRequests * m - adds, o - 1);
    long perRemoveRequest = valueArray ? m : Math.min(m, o);
    return addRequests + ceil(Math.max(0, removes - roomInLastAdd), perRemoveRequest);
  }

  private static long ceil(long a, long b) {
    return a == 0 ? 0 : (a + b - 1) / b;
  }

  /** A target that keeps one group's member set and applies request bodies to it. */
  static final class RemoteGroup {
    final Set<String> members;
    private final TargetStrategy strategy;
    private boolean removed;

    RemoteGroup(TargetStrategy strategy, Set<String> members) {
      this.strategy = strategy;
      this.members = new HashSet<>(members);
    }

    @SuppressWarnings("unchecked")
    ScimReply apply(ScimRequest request) {
      Map<String, Object> body = request.body().orElseThrow();
      if (request.method() == ScimRequest.Method.PUT) {
        assertThat(strategy.profile().groupPutSupported()).as("PUT on a group").isTrue();
        members.clear();
        members.addAll(values((List<Object>) body.get("members")));
        return noContent();
      }
      assertThat(request.method()).isEqualTo(ScimRequest.Method.PATCH);
      List<Object> ops = (List<Object>) body.get("Operations");
      assertThat(ops.size()).as("operations per PATCH")
          .isLessThanOrEqualTo(strategy.maxOperationsPerPatch());
      int changes = 0;
      for (Object raw : ops) {
        Map<String, Object> op = (Map<String, Object>) raw;
        String kind = (String) op.get("op");
        String path = (String) op.get("path");
        if (kind.equals("add")) {
          assertThat(removed).as("an add after a remove").isFalse();
          List<Object> value = path == null
              ? (List<Object>) ((Map<String, Object>) op.get("value")).get("members")
              : (List<Object>) op.get("value");
          assertThat(path == null || path.equals("members")).isTrue();
          changes += value.size();
          members.addAll(values(value));
        } else if (kind.equals("remove")) {
          removed = true;
          if (path.startsWith("members[value eq ")) {
            members.remove(unquote(path.substring("members[value eq ".length(), path.length() - 1)));
            changes++;
          } else {
            assertThat(path).isEqualTo("members");
            assertThat(op).as("remove without value would clear the group").containsKey("value");
            List<Object> value = (List<Object>) op.get("value");
            changes += value.size();
            members.removeAll(values(value));
          }
        } else {
          throw new AssertionError("unexpected operation " + op);
        }
      }
      assertThat(changes).as("member changes per request")
          .isLessThanOrEqualTo(strategy.maxMembersPerRequest());
      return noContent();
    }

    @SuppressWarnings("unchecked")
    private Set<String> values(List<Object> memberObjects) {
      Set<String> ids = new HashSet<>();
      for (Object member : memberObjects) {
        Map<String, Object> map = (Map<String, Object>) member;
        strategy.profile().memberType().ifPresent(t -> assertThat(map).containsEntry("type", t));
        ids.add((String) map.get("value"));
      }
      return ids;
    }

    /** Reads a JSON string literal, independently of the planner's escaping. */
    static String unquote(String literal) {
      assertThat(literal).startsWith("\"").endsWith("\"");
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < literal.length() - 1; i++) {
        char c = literal.charAt(i);
        if (c == '\\') {
          char next = literal.charAt(++i);
          out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        } else {
          assertThat(c).as("unescaped quote inside a filter value").isNotEqualTo('"');
          out.append(c);
        }
      }
      return out.toString();
    }
  }
}
