package io.scimsync.it.faults;

import static io.scimsync.it.faults.Directory.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.adapters.persistence.TestDatabase;
import io.scimsync.it.support.Waiting;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.store.ResourceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code kill -9} of the real daemon (the fat jar, as a child process) in the middle of the
 * initial sync of 2,000 users and 200 groups, and in the middle of a reconcile; every restart
 * goes on from the database alone, and the target ends exactly like the directory.
 */
class KillNineIT {
  private static final String TOKEN = "kill-nine-token";
  private static final int USERS = 2000;
  private static final int GROUPS = 200;
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration CONVERGE = Duration.ofSeconds(240);

  private static Path jar;

  private TestDatabase database;
  private FakeScimServer server;
  private Path dataDir;
  private Path log;
  private int adminPort;
  private String adminToken;
  private final List<DaemonProcess> started = new ArrayList<>();

  @BeforeAll
  static void copyTheJar() {
    jar = DaemonProcess.copyOfTheJar(DaemonProcess.buildDir().resolve("kill-nine"));
  }

  @BeforeEach
  void setUp(TestInfo test) {
    database = TestDatabase.create();
    String name = test.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID()
        .toString().substring(0, 8);
    Path work = DaemonProcess.buildDir().resolve("kill-nine").resolve(name);
    dataDir = work.resolve("data");
    log = work.resolve("daemon.log");
    adminPort = Net.freePort();
    adminToken = "kill-nine-admin-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    try {
      started.forEach(DaemonProcess::close);
    } finally {
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        database.close();
      }
    }
  }

  /**
   * One directory, four lives of the daemon: killed in the initial sync, killed right after
   * taking changes, killed in a reconcile of drift made behind its back. One test rather than
   * three, because loading and syncing 2,200 objects is most of the time each would take.
   */
  @Test
  void convergesExactly_whenKilledInTheInitialSync_afterTakingChanges_andInAReconcile() {
    server = target(ServerProfile.RFC);
    DaemonProcess first = daemon();
    Directory directory = new Directory(first.admin());
    load(directory);
    first.admin().putProvider("target", server.baseUrl(), TOKEN, Map.of());
    Waiting.until("a fifth of the users to be written", CONVERGE,
        () -> server.recorder().count("POST", "/Users") >= USERS / 5);
    first.kill();
    assertThat(server.recorder().count("POST", "/Users")).as("killed in the middle of the sync")
        .isLessThan(USERS);

    // a second life takes changes and is killed right after, before it could write them all
    DaemonProcess second = daemon();
    directory.use(second.admin());
    for (String id : ids("u", 0, 20)) {
      directory.deleteUser(id);
    }
    for (String id : ids("u", 1500, 10)) {
      directory.putUser(id, "renamed-" + id + "@faults.example.com");
    }
    directory.putUsers(ids("late", 0, 20), 4);
    directory.changeMembers("g-00100", ids("late", 0, 20), ids("u", 1000, 5));
    directory.deleteGroup("g-00198");
    directory.deleteGroup("g-00199");
    directory.putGroup("g-late", "team-late", ids("late", 0, 10));
    second.kill();

    DaemonProcess third = daemon();
    directory.use(third.admin());
    third.admin().awaitConverged("target", CONVERGE);
    Remote.assertMirrors(server, directory, "after two kill -9 and a restart");

    // drift behind the daemon's back: remote users and groups deleted (a deleted user also
    // leaves its groups on the target), then a reconcile that is cut short
    Remote before = Remote.of(server);
    int deletedUsers = 0;
    for (String id : ids("u", 20, USERS - 20)) {
      if (id.endsWith("0") && id.charAt(id.length() - 2) % 2 == 0) {
        server.store().delete(ResourceStore.Kind.USERS, before.userId(directory.nameOf(id)),
            Optional.empty());
        deletedUsers++;
      }
    }
    for (int g = 0; g < GROUPS - 2; g += 20) {
      server.store().delete(ResourceStore.Kind.GROUPS,
          before.groupId(String.format("team-%05d", g)), Optional.empty());
    }
    // the reconcile reads users from its list pages and re-creates the deleted ones in claim
    // order: those creates show how far it got
    long createsBefore = server.recorder().count("POST", "/Users");
    int recreated = deletedUsers;
    third.admin().reconcile("target");
    Waiting.until("the reconcile to have re-created a quarter of the deleted users", CONVERGE,
        () -> server.recorder().count("POST", "/Users") >= createsBefore + recreated / 4);
    third.kill();
    assertThat(server.recorder().count("POST", "/Users") - createsBefore)
        .as("killed in the middle of the reconcile").isLessThan(recreated);

    DaemonProcess fourth = daemon();
    fourth.admin().awaitConverged("target", CONVERGE);
    List<String> afterResume = Remote.of(server).differences(directory);
    fourth.admin().reconcile("target");
    fourth.admin().awaitConverged("target", CONVERGE);
    Remote.assertMirrors(server, directory, "after kill -9 in a reconcile and a second reconcile");
    assertThat(afterResume).as("how the target differed once the daemon restarted after kill -9 "
        + "in a reconcile had nothing left to do (before a second reconcile): the cut reconcile "
        + "was not finished").isEmpty();
  }

  /**
   * A target that does not enforce unique names (as some targets provisioned by Entra ID do):
   * there no 409 stops a second create, so a create whose reply the killed daemon never stored
   * must not be sent again blindly.
   */
  @Test
  void createsNoDuplicates_whenKilledInTheInitialSync_onATargetThatAllowsDuplicateNames() {
    server = target(ServerProfile.ENTRA_LIKE);
    DaemonProcess first = daemon();
    Directory directory = new Directory(first.admin());
    directory.putUsers(ids("u", 0, 400), 8);
    first.admin().putProvider("target", server.baseUrl(), TOKEN, Map.of());
    Waiting.until("a quarter of the users to be written", CONVERGE,
        () -> server.recorder().count("POST", "/Users") >= 100);
    first.kill();
    assertThat(server.recorder().count("POST", "/Users")).as("killed in the middle of the sync")
        .isLessThan(400);

    DaemonProcess second = daemon();
    directory.use(second.admin());
    second.admin().awaitConverged("target", CONVERGE);
    Remote.assertMirrors(server, directory, "after kill -9 in the initial sync");
  }

  /** 2,000 users and 200 groups of 20 members (every user in two groups). */
  private static void load(Directory directory) {
    directory.putUsers(ids("u", 0, USERS), 8);
    List<Integer> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      groups.add(g);
    }
    Directory.parallel(groups, 8, g -> directory.putGroup(String.format("g-%05d", g),
        String.format("team-%05d", g), ids("u", (g * 10) % (USERS - 20), 20)));
  }

  /** The fake target, with a little latency so that a sync takes seconds and can be cut. */
  private static FakeScimServer target(ServerProfile profile) {
    return FakeScimServer.builder().profile(profile).token(TOKEN).latency(Duration.ofMillis(5))
        .start();
  }

  private DaemonProcess daemon() {
    DaemonProcess daemon = DaemonProcess.start(jar, dataDir, database.jdbcUrl(), adminPort,
        adminToken, log);
    started.add(daemon);
    return daemon.awaitHealthy(START);
  }
}
