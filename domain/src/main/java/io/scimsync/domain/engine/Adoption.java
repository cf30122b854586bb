package io.scimsync.domain.engine;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.model.JsonValues;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which pre-existing remote objects discovery adopts, i.e. links to a local object so the
 * engine updates them instead of creating duplicates (authentik §1.13). Pure: the caller lists the
 * target (with {@link ListPager}), calls {@link #groups} or {@link #users}, and stores the links.
 *
 * <p>Adoption hands a remote object to the engine, whose cleanup may later delete it, so a wrong
 * match is worse than none (W16). Rules, tried in order, each only on objects that no earlier rule
 * matched or found contested:
 * <ol>
 *   <li>{@link MatchedBy#EXTERNAL_ID}: the remote {@code externalId} equals the local id, which is
 *       what this engine writes as {@code externalId}, so it is the strongest evidence;</li>
 *   <li>groups: {@link MatchedBy#DISPLAY_NAME}, exact and case-sensitive; users:
 *       {@link MatchedBy#USER_NAME}, exact and case-sensitive (RFC 7643 makes {@code userName}
 *       case-insensitive, but a case-only difference is left to the create-then-409 path rather
 *       than adopted on a guess);</li>
 *   <li>users only: {@link MatchedBy#EMAIL}, any remote {@code emails[].value} equal to the local
 *       e-mail ignoring case.</li>
 * </ol>
 * A pair is adopted only when the remote object has exactly one local candidate under the rule and
 * that local object exactly one remote candidate. Everything else that matched is reported as an
 * {@link Ambiguity} and withheld from the later rules too, where authentik took the first match.
 * Already linked objects never take part: neither as candidates nor when counting candidates.
 *
 * <p>Only in-scope local objects may be passed as candidates (W16): an out-of-scope object adopted
 * here would be deleted remotely by the next cleanup.
 */
public final class Adoption {
  private Adoption() {}

  /** Which rule matched a pair, or which rule found several candidates. */
  public enum MatchedBy { EXTERNAL_ID, DISPLAY_NAME, USER_NAME, EMAIL }

  /**
   * A local group as discovery compares it.
   *
   * @param localId     the local group's id, which this engine sends as {@code externalId}
   * @param displayName the {@code displayName} the provider's mapping produces for it, which may
   *                    differ from the local name (prefixes, renames)
   */
  public record GroupCandidate(String localId, String displayName) {
    public GroupCandidate {
      requireText(localId, "localId");
      requireText(displayName, "displayName");
    }

    /** With the default mapping: {@code displayName} is the local name. */
    public static GroupCandidate of(LocalGroup group) {
      return new GroupCandidate(group.id(), group.name());
    }
  }

  /**
   * A local user as discovery compares it.
   *
   * @param localId  the local user's id, which this engine sends as {@code externalId}
   * @param userName the {@code userName} the provider's mapping produces for it
   * @param email    the user's e-mail; empty when the user has none, so no e-mail match is tried
   */
  public record UserCandidate(String localId, String userName, Optional<String> email) {
    public UserCandidate {
      requireText(localId, "localId");
      requireText(userName, "userName");
      email = email.filter(e -> !e.isBlank());
    }

    /** With the default mapping: {@code userName} and e-mail as in the directory. */
    public static UserCandidate of(LocalUser user) {
      return new UserCandidate(user.id(), user.userName(), user.email());
    }
  }

  /**
   * Link remote object {@code remoteId} to local object {@code localId}.
   *
   * @param resource the remote resource as listed, to store as what the target holds now, so the
   *                 next sync writes only the differences
   */
  public record Adopt(String remoteId, String localId, MatchedBy matchedBy,
                      Map<String, Object> resource) {
    public Adopt {
      requireText(remoteId, "remoteId");
      requireText(localId, "localId");
      Objects.requireNonNull(matchedBy, "matchedBy");
      resource = JsonValues.copyObject(resource);
    }
  }

  /**
   * Objects that matched each other under one rule but not one-to-one, so none of them was
   * adopted. An operator resolves it (rename, delete the duplicate, link by hand).
   *
   * @param values    the contested values (a name, an id, lower-case e-mails), in encounter order
   * @param remoteIds the remote objects involved, in listing order
   * @param localIds  the local objects involved, in candidate order
   */
  public record Ambiguity(MatchedBy matchedBy, List<String> values, List<String> remoteIds,
                          List<String> localIds) {
    public Ambiguity {
      Objects.requireNonNull(matchedBy, "matchedBy");
      values = List.copyOf(values);
      remoteIds = List.copyOf(remoteIds);
      localIds = List.copyOf(localIds);
    }
  }

  /**
   * What discovery should do.
   *
   * @param adoptions          the links to store, in listing order
   * @param ambiguities        contested matches, adopted by nobody
   * @param duplicatesOfLinked remote ids whose {@code externalId} names a local object that is
   *                           linked to another remote object already: most likely a duplicate
   *                           left by an earlier run that created it but failed to store the link.
   *                           Neither adopted nor matched by name; for an operator to delete.
   * @param alreadyLinked      remote resources skipped because this provider links them already
   * @param malformed          remote resources skipped for lack of an {@code id} or of their name
   *                           ({@code displayName}, {@code userName})
   * @param unmatched          well-formed, unlinked remote resources that matched nothing
   */
  public record Decisions(List<Adopt> adoptions, List<Ambiguity> ambiguities,
                          List<String> duplicatesOfLinked, int alreadyLinked, int malformed,
                          int unmatched) {
    public Decisions {
      adoptions = List.copyOf(adoptions);
      ambiguities = List.copyOf(ambiguities);
      duplicatesOfLinked = List.copyOf(duplicatesOfLinked);
    }
  }

  /**
   * Adoption decisions for remote groups.
   *
   * @param remoteGroups    the listed remote group resources (any page order; an id listed twice,
   *                        as index paging does when the collection shifts, counts once)
   * @param localGroups     in-scope local groups with their mapped {@code displayName}
   * @param linkedRemoteIds remote ids this provider links already
   * @param linkedLocalIds  local ids this provider links already
   * @throws IllegalArgumentException when a local id appears twice among the candidates
   */
  public static Decisions groups(List<Map<String, Object>> remoteGroups,
                                 List<GroupCandidate> localGroups, Set<String> linkedRemoteIds,
                                 Set<String> linkedLocalIds) {
    List<Local> locals = new ArrayList<>();
    for (GroupCandidate candidate : localGroups) {
      locals.add(new Local(candidate.localId(), Map.of(
          MatchedBy.EXTERNAL_ID, Set.of(candidate.localId()),
          MatchedBy.DISPLAY_NAME, Set.of(candidate.displayName()))));
    }
    return decide(remoteGroups, "displayName", locals, linkedRemoteIds, linkedLocalIds,
        List.of(MatchedBy.EXTERNAL_ID, MatchedBy.DISPLAY_NAME),
        resource -> Map.of(MatchedBy.DISPLAY_NAME, textSet(resource, "displayName")));
  }

  /**
   * Adoption decisions for remote users; parameters as for {@link #groups}, with in-scope local
   * users and their mapped {@code userName}.
   */
  public static Decisions users(List<Map<String, Object>> remoteUsers,
                                List<UserCandidate> localUsers, Set<String> linkedRemoteIds,
                                Set<String> linkedLocalIds) {
    List<Local> locals = new ArrayList<>();
    for (UserCandidate candidate : localUsers) {
      locals.add(new Local(candidate.localId(), Map.of(
          MatchedBy.EXTERNAL_ID, Set.of(candidate.localId()),
          MatchedBy.USER_NAME, Set.of(candidate.userName()),
          MatchedBy.EMAIL,
          candidate.email().map(Adoption::normaliseEmail).map(Set::of).orElse(Set.of()))));
    }
    return decide(remoteUsers, "userName", locals, linkedRemoteIds, linkedLocalIds,
        List.of(MatchedBy.EXTERNAL_ID, MatchedBy.USER_NAME, MatchedBy.EMAIL),
        resource -> Map.of(
            MatchedBy.USER_NAME, textSet(resource, "userName"),
            MatchedBy.EMAIL, remoteEmails(resource)));
  }

  /** A remote or local object reduced to the values each rule compares. */
  private record Remote(String id, Map<MatchedBy, Set<String>> keys,
                        Map<String, Object> resource) {}

  private record Local(String id, Map<MatchedBy, Set<String>> keys) {}

  private static Decisions decide(
      List<Map<String, Object>> resources, String nameAttribute, List<Local> localCandidates,
      Set<String> linkedRemoteIds, Set<String> linkedLocalIds, List<MatchedBy> rules,
      Function<Map<String, Object>, Map<MatchedBy, Set<String>>> keysOf) {
    Map<String, Local> locals = new LinkedHashMap<>();
    for (Local local : localCandidates) {
      if (locals.putIfAbsent(local.id(), local) != null) {
        throw new IllegalArgumentException("local id listed twice: " + local.id());
      }
    }
    locals.keySet().removeAll(linkedLocalIds);

    Map<String, Remote> remotes = new LinkedHashMap<>();
    List<String> duplicatesOfLinked = new ArrayList<>();
    Set<String> seenIds = new HashSet<>();
    int alreadyLinked = 0;
    int malformed = 0;
    for (Map<String, Object> resource : resources) {
      Optional<String> id = JsonValues.string(JsonValues.getIgnoreCase(resource, "id"));
      if (id.isEmpty() || textSet(resource, nameAttribute).isEmpty()) {
        malformed++;
        continue;
      }
      if (!seenIds.add(id.get())) {
        continue;
      }
      if (linkedRemoteIds.contains(id.get())) {
        alreadyLinked++;
        continue;
      }
      Set<String> externalId = textSet(resource, "externalId");
      if (!externalId.isEmpty() && linkedLocalIds.contains(externalId.iterator().next())) {
        duplicatesOfLinked.add(id.get());
        continue;
      }
      Map<MatchedBy, Set<String>> keys = new LinkedHashMap<>(keysOf.apply(resource));
      keys.put(MatchedBy.EXTERNAL_ID, externalId);
      remotes.put(id.get(), new Remote(id.get(), keys, resource));
    }

    List<Adopt> adoptions = new ArrayList<>();
    List<Ambiguity> ambiguities = new ArrayList<>();
    for (MatchedBy rule : rules) {
      matchByRule(rule, remotes, locals, adoptions, ambiguities);
    }
    return new Decisions(adoptions, ambiguities, duplicatesOfLinked, alreadyLinked, malformed,
        remotes.size());
  }

  /**
   * Applies one rule to the objects still in play, removing from {@code remotes} and
   * {@code locals} every object it adopts or finds contested.
   *
   * <p>The candidates form a bipartite graph (remote and local objects sharing a value). A pair is
   * adopted when each side is the other's only neighbour. Every other connected part is one
   * ambiguity: with multi-valued keys (several remote e-mails) two values that each look
   * one-to-one can still pull one remote object towards two local ones.
   */
  private static void matchByRule(MatchedBy rule, Map<String, Remote> remotes,
                                  Map<String, Local> locals, List<Adopt> adoptions,
                                  List<Ambiguity> ambiguities) {
    Map<String, List<String>> localsByValue = new LinkedHashMap<>();
    for (Local local : locals.values()) {
      for (String value : local.keys().getOrDefault(rule, Set.of())) {
        localsByValue.computeIfAbsent(value, v -> new ArrayList<>()).add(local.id());
      }
    }
    // neighbours of "r:<id>" and "l:<id>" nodes; prefixes keep remote and local ids apart
    Map<String, Set<String>> neighbours = new LinkedHashMap<>();
    Map<String, Set<String>> valuesOf = new LinkedHashMap<>();
    for (Remote remote : remotes.values()) {
      for (String value : remote.keys().getOrDefault(rule, Set.of())) {
        for (String localId : localsByValue.getOrDefault(value, List.of())) {
          String r = "r:" + remote.id();
          String l = "l:" + localId;
          neighbours.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(l);
          neighbours.computeIfAbsent(l, k -> new LinkedHashSet<>()).add(r);
          valuesOf.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(value);
        }
      }
    }
    Set<String> visited = new HashSet<>();
    for (Remote remote : List.copyOf(remotes.values())) {
      String start = "r:" + remote.id();
      if (!neighbours.containsKey(start) || visited.contains(start)) {
        continue;
      }
      List<String> remoteIds = new ArrayList<>();
      List<String> localIds = new ArrayList<>();
      Set<String> values = new LinkedHashSet<>();
      Deque<String> queue = new ArrayDeque<>(List.of(start));
      visited.add(start);
      while (!queue.isEmpty()) {
        String node = queue.poll();
        if (node.startsWith("r:")) {
          remoteIds.add(node.substring(2));
          values.addAll(valuesOf.get(node));
        } else {
          localIds.add(node.substring(2));
        }
        for (String next : neighbours.get(node)) {
          if (visited.add(next)) {
            queue.add(next);
          }
        }
      }
      if (remoteIds.size() == 1 && localIds.size() == 1) {
        adoptions.add(new Adopt(remote.id(), localIds.get(0), rule, remote.resource()));
      } else {
        ambiguities.add(new Ambiguity(rule, List.copyOf(values), remoteIds, localIds));
      }
      remoteIds.forEach(remotes::remove);
      localIds.forEach(locals::remove);
    }
  }

  /** The attribute as a one-element set, or empty when absent or blank; numbers become text. */
  private static Set<String> textSet(Map<String, Object> resource, String attribute) {
    return JsonValues.string(JsonValues.getIgnoreCase(resource, attribute))
        .map(Set::of).orElse(Set.of());
  }

  private static Set<String> remoteEmails(Map<String, Object> resource) {
    Set<String> emails = new LinkedHashSet<>();
    if (JsonValues.getIgnoreCase(resource, "emails") instanceof List<?> entries) {
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> email) {
          JsonValues.string(email.get("value")).map(Adoption::normaliseEmail)
              .ifPresent(emails::add);
        }
      }
    }
    return emails;
  }

  // e-mail comparison ignores case: mailbox case is ignored by every provider in practice
  private static String normaliseEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
