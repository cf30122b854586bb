package io.scimsync.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scimsync.adapters.persistence.ChangeNotifications;
import io.scimsync.adapters.persistence.Database;
import io.scimsync.adapters.persistence.DatabaseSettings;
import io.scimsync.adapters.persistence.JooqChangeFeed;
import io.scimsync.adapters.persistence.JooqConnectionStore;
import io.scimsync.adapters.persistence.JooqDirectoryStore;
import io.scimsync.adapters.persistence.JooqProviderStore;
import io.scimsync.adapters.persistence.JooqSyncLog;
import io.scimsync.adapters.persistence.JooqSyncStateStore;
import io.scimsync.adapters.persistence.ProviderRecord;
import io.scimsync.adapters.persistence.SecretCipher;
import io.scimsync.adapters.persistence.TableStatistics;
import io.scimsync.app.api.AdminBackend;
import io.scimsync.app.api.AdminRoutes;
import io.scimsync.app.api.AdminServer;
import io.scimsync.app.config.AppConfig;
import io.scimsync.app.config.BuildInfo;
import io.scimsync.app.metrics.SyncMetrics;
import io.scimsync.app.provider.ProviderSettings;
import io.scimsync.app.sync.DaemonBackend;
import io.scimsync.app.sync.ProviderRegistry;
import io.scimsync.app.sync.ProviderRuntime;
import io.scimsync.app.sync.SyncServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: the database (embedded in the data directory, or external), one provider
 * actor per provider, change notifications, and the admin API. {@link #close()} shuts down in
 * order: providers stop claiming and drain, the API unbinds, the database closes.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  static final String TOKEN_FILE = "admin.token";

  private final AppConfig config;
  private final Database database;
  private final ActorSystem<SpawnProtocol.Command> system;
  private final ProviderRegistry registry;
  private final ChangeNotifications notifications;
  private final AdminServer server;
  private final DaemonBackend backend;
  private final String adminToken;
  private final Optional<Path> adminTokenFile;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private boolean closed;

  private Daemon(AppConfig config, Database database, ActorSystem<SpawnProtocol.Command> system,
                 ProviderRegistry registry, ChangeNotifications notifications, AdminServer server,
                 DaemonBackend backend, String adminToken, Optional<Path> adminTokenFile) {
    this.config = config;
    this.database = database;
    this.system = system;
    this.registry = registry;
    this.notifications = notifications;
    this.server = server;
    this.backend = backend;
    this.adminToken = adminToken;
    this.adminTokenFile = adminTokenFile;
  }

  /**
   * Starts everything and returns once the admin API is bound. Fails with
   * {@link InvalidFieldException} on an invalid provider from the file, with an
   * IllegalStateException naming the cause when the database or the port cannot be had; whatever
   * was started is stopped again.
   */
  public static Daemon start(AppConfig config) {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      return start(config, started);
    } catch (RuntimeException | Error e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static Daemon start(AppConfig config, List<AutoCloseable> started) {
    LOG.info("scimsync {} starting; data directory {}", BuildInfo.version(),
        config.dataDir().toAbsolutePath().normalize());
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the data directory " + config.dataDir()
          + ": " + e, e);
    }
    DatabaseSettings dbSettings = config.databaseUrl()
        .map(url -> DatabaseSettings.external(url, config.dataDir()))
        .orElseGet(() -> DatabaseSettings.embedded(config.dataDir()));
    Database database = Database.start(dbSettings);
    started.add(database);
    LOG.info("database: {} ({})", database.jdbcUrlForDisplay(),
        database.embedded() ? "embedded PostgreSQL in the data directory" : "external");
    SecretCipher cipher = config.secretKey().map(SecretCipher::fromBase64)
        .orElseGet(() -> SecretCipher.fromKeyFile(config.dataDir()));

    Config pekko = ConfigFactory.parseString(
            // the daemon's own shutdown hook drains providers first; Pekko's would cut them off
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                + "pekko.jvm-shutdown-hooks = off\n"
                // a plan of a large directory reads every remote object: give it time (here,
                // not in reference.conf, where Pekko HTTP's own file may come later)
                + "pekko.http.server.request-timeout = 300s\n"
                + "pekko.http.server.idle-timeout = 310s")
        .withFallback(ConfigFactory.load());
    ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(),
        "scimsync", pekko);
    started.add(() -> {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    });
    Executor db = pekko.hasPath("scimsync.db-dispatcher")
        ? system.dispatchers().lookup(DispatcherSelector.fromConfig("scimsync.db-dispatcher"))
        : system.dispatchers().lookup(DispatcherSelector.blocking());

    SyncMetrics metrics = new SyncMetrics();
    JooqChangeFeed feed = new JooqChangeFeed(database.dsl());
    SyncServices services = new SyncServices(new JooqDirectoryStore(database.dsl()),
        new JooqConnectionStore(database.dsl()), feed, new JooqSyncLog(database.dsl()),
        new JooqSyncStateStore(database.dsl()), db,
        Clock.systemUTC(), metrics, new SyncServices.Timings(config.pollInterval(),
            config.lease(), config.claimBatch(), config.retryBase(), config.retryMax(),
            config.reconcileInterval(), config.shutdownTimeout(), Duration.ofMillis(300)));
    JooqProviderStore providers = new JooqProviderStore(database.dsl(), cipher);
    ProviderRegistry registry = new ProviderRegistry(system, services,
        settings -> ProviderRuntime.create(settings, system, metrics.journal(),
            config.connectTimeout(), config.requestTimeout(), config.maxReplyDepth()));
    String dbDescription = database.jdbcUrlForDisplay();
    DaemonBackend backend = new DaemonBackend(services, providers, registry, system,
        () -> database.dsl().selectOne().fetch().size() == 1, dbDescription);

    for (ProviderSettings fromFile : config.providers()) {
      providers.put(fromFile.toRecord(services.clock().instant()), fromFile.secret());
    }
    for (ProviderRecord record : providers.all()) {
      // one daemon per database: claims left by a killed predecessor are ours to redo now
      int released = feed.releaseAll(record.name());
      if (released > 0) {
        LOG.info("provider {}: {} objects claimed by a previous run are pending again",
            record.name(), released);
      }
      try {
        backend.startStored(record.name()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.error("provider {}: not started: {}", record.name(), rootMessage(e));
      }
    }
    started.add(() -> registry.stopAll().toCompletableFuture()
        .get(config.shutdownTimeout().plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS));
    ChangeNotifications notifications = ChangeNotifications.start(database.dataSource(),
        registry::wake);
    started.add(notifications);

    Optional<Path> tokenFile = config.adminToken().isPresent() ? Optional.empty()
        : Optional.of(config.dataDir().resolve(TOKEN_FILE));
    String token = config.adminToken().orElseGet(() -> readOrCreateToken(tokenFile.get()));
    AdminServer server = AdminServer.start(system, config.adminHost(), config.adminPort(),
        AdminRoutes.create(backend, token));
    started.add(server::stop);
    system.scheduler().scheduleAtFixedRate(Duration.ofMinutes(1), Duration.ofHours(1), () ->
        db.execute(() -> {
          try {
            services.log().prune(services.clock().instant().minus(config.retention()));
          } catch (RuntimeException e) {
            LOG.warn("pruning the sync log failed: {}", e.toString());
          }
        }), system.executionContext());
    keepStatistics(system, db, new TableStatistics(database.dsl()));

    LOG.info("providers: {}", registry.names().isEmpty() ? "none yet (PUT /api/v1/providers/NAME)"
        : String.join(", ", registry.names()));
    LOG.info("admin API listening on {} (token {})", server.url(),
        tokenFile.map(p -> "in " + p.toAbsolutePath()).orElse("from configuration"));
    return new Daemon(config, database, system, registry, notifications, server, backend, token,
        tokenFile);
  }

  /**
   * Every second, re-analyses the tables a sync has changed enough (see {@link TableStatistics}):
   * one small catalogue query when nothing changed, never two at a time.
   */
  private static void keepStatistics(ActorSystem<?> system, Executor db, TableStatistics stats) {
    AtomicBoolean running = new AtomicBoolean();
    system.scheduler().scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {
      if (running.compareAndSet(false, true)) {
        db.execute(() -> {
          try {
            List<String> analysed = stats.refresh();
            if (!analysed.isEmpty()) {
              LOG.debug("analysed {}", analysed);
            }
          } catch (RuntimeException e) {
            LOG.debug("refreshing table statistics failed: {}", e.toString());
          } finally {
            running.set(false);
          }
        });
      }
    }, system.executionContext());
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** The token in the file, or a new random one written owner-only. */
  static String readOrCreateToken(Path file) {
    try {
      if (Files.exists(file)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.contains(PosixFilePermission.GROUP_READ)
            || perms.contains(PosixFilePermission.OTHERS_READ)) {
          throw new IllegalStateException("the admin token file " + file + " is readable by "
              + "others; make it owner-only (chmod 600) or delete it to get a new token");
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.length() < 16) {
          throw new IllegalStateException("the admin token in " + file + " is shorter than 16 "
              + "characters; delete the file to get a new one");
        }
        return token;
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temp);
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.SYNC);
      try {
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        return readOrCreateToken(file);
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public URI adminUrl() {
    return server.url();
  }

  public String adminToken() {
    return adminToken;
  }

  /** Where the generated admin token is kept; empty when it came from configuration. */
  public Optional<Path> adminTokenFile() {
    return adminTokenFile;
  }

  public AdminBackend backend() {
    return backend;
  }

  /** The running providers (for tests and the demo). */
  public ProviderRegistry providers() {
    return registry;
  }

  public AppConfig config() {
    return config;
  }

  /** Blocks until the daemon has stopped. */
  public void awaitTermination() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Graceful: stop claiming, drain in-flight requests within shutdownTimeout, release, close. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LOG.info("scimsync stopping: draining in-flight requests (at most {})",
        config.shutdownTimeout());
    try {
      registry.stopAll().toCompletableFuture()
          .get(config.shutdownTimeout().plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("providers did not all stop in time: {}", rootMessage(e));
    }
    server.stop();
    notifications.close();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("the actor system did not terminate in time: {}", rootMessage(e));
    }
    database.close();
    LOG.info("scimsync stopped");
    terminated.countDown();
  }
}
