package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Sequences.CHANGE_FEED_SEQ;
import static io.scimsync.adapters.persistence.jooq.Tables.CHANGE_FEED;
import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_GROUP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;
import static io.scimsync.adapters.persistence.jooq.Tables.PROVIDER;

import com.fasterxml.jackson.core.type.TypeReference;
import io.scimsync.domain.port.ObjectKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * {@link ProviderStore} in the {@code provider} table. The secret is stored only as
 * {@code secret_ciphertext} ({@link SecretCipher}: AES-256-GCM with the provider name as
 * associated data), and no display read selects that column.
 *
 * <p>Adding a provider, or changing its {@code base_url} or {@code compatibility_mode}, inserts a
 * {@code change_feed} row for every directory user and group in the same transaction (DESIGN.md
 * §3), users first so they get the lower sequence numbers and sync before the groups naming them.
 *
 * <p>Every method blocks on JDBC: call it on a dedicated executor (the {@code db-dispatcher}),
 * never on an actor's dispatcher.
 */
public final class JooqProviderStore implements ProviderStore {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
  /** Every column but the secret: what display reads select. */
  private static final SelectField<?>[] DISPLAY_COLUMNS = {
      PROVIDER.NAME, PROVIDER.BASE_URL, PROVIDER.COMPATIBILITY_MODE, PROVIDER.PROFILE_OVERRIDES,
      PROVIDER.AUTH_TYPE, PROVIDER.AUTH_USERNAME, PROVIDER.AUTH_CLIENT_ID,
      PROVIDER.AUTH_TOKEN_ENDPOINT, PROVIDER.AUTH_SCOPE, PROVIDER.SETTINGS, PROVIDER.CREATED_AT,
      PROVIDER.UPDATED_AT};

  private final DSLContext dsl;
  private final SecretCipher cipher;

  /**
   * A store over {@code dsl} (see {@link Migrations#dsl}); the schema must be migrated.
   *
   * @param cipher encrypts and decrypts the secrets; the same key must be used on every start
   */
  public JooqProviderStore(DSLContext dsl, SecretCipher cipher) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction, holding the provider's row lock. {@code createdAt} is taken from the
   * record when the provider is new and kept from the stored row otherwise. Marking on a retarget
   * bumps the generation of rows already pending, so a sync in flight against the old target
   * cannot acknowledge them away. A new {@code baseUrl} also drops the provider's connections (remote
   * ids at the old target) in the same transaction; ending a dry run marks everything too (its
   * objects were acknowledged without being written). Blocks on JDBC.
   */
  @Override
  public void put(ProviderRecord provider, Optional<String> secret) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(secret, "secret");
    String name = provider.name();
    // encrypted before the transaction: no crypto while holding locks
    Optional<byte[]> ciphertext = secret.map(s -> cipher.encrypt(name, s));
    // a concurrent first put of the same name makes our insert a no-op: then update theirs
    for (int attempt = 0; attempt < 2; attempt++) {
      if (dsl.transactionResult(trx -> {
        // exclusive against directory writes, so the initial marking sees every committed object
        // and no write commits without seeing this provider (JooqDirectoryStore.PROVIDER_CHANGE_LOCK)
        JooqDirectoryStore.lockExclusiveForProviderChange(trx.dsl());
        return put(trx.dsl(), provider, ciphertext);
      })) {
        return;
      }
    }
    throw new IllegalStateException("provider '" + name + "' is being changed concurrently");
  }

  /** @return false if the provider was absent but another transaction created it meanwhile */
  private static boolean put(DSLContext tx, ProviderRecord provider, Optional<byte[]> ciphertext) {
    String name = provider.name();
    Optional<org.jooq.Record3<String, String, org.jooq.JSONB>> before = tx
        .select(PROVIDER.BASE_URL, PROVIDER.COMPATIBILITY_MODE, PROVIDER.SETTINGS)
        .from(PROVIDER)
        .where(PROVIDER.NAME.eq(name))
        .forUpdate()
        .fetchOptional();
    Map<Field<?>, Object> values = displayValues(provider);
    ciphertext.ifPresent(bytes -> values.put(PROVIDER.SECRET_CIPHERTEXT, bytes));
    if (before.isEmpty()) {
      int inserted = tx.insertInto(PROVIDER)
          .set(PROVIDER.NAME, name)
          .set(PROVIDER.CREATED_AT, Columns.timestamp(provider.createdAt()))
          .set(values)
          .onConflictDoNothing()
          .execute();
      if (inserted == 0) {
        return false;
      }
      markEverythingDirty(tx, name, false);
      return true;
    }
    tx.update(PROVIDER).set(values).where(PROVIDER.NAME.eq(name)).execute();
    boolean otherTarget = !before.get().value1().equals(provider.baseUrl());
    if (otherTarget) {
      // the remote ids we hold name objects on the old target
      tx.deleteFrom(CONNECTION).where(CONNECTION.PROVIDER.eq(name)).execute();
    }
    boolean wasDryRun = Boolean.TRUE.equals(
        Columns.read(before.get().value3(), OBJECT, "provider").get("dryRun"));
    boolean dryRunEnded = wasDryRun && !Boolean.TRUE.equals(provider.settings().get("dryRun"));
    if (otherTarget || dryRunEnded
        || !before.get().value2().equals(provider.compatibilityMode())) {
      // a dry run acknowledged everything without writing: now it has to be written
      markEverythingDirty(tx, name, true);
    }
    return true;
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public Optional<ProviderRecord> find(String name) {
    return dsl.select(DISPLAY_COLUMNS).from(PROVIDER)
        .where(PROVIDER.NAME.eq(name))
        .fetchOptional(JooqProviderStore::toProvider);
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public Optional<String> secret(String name) {
    return dsl.select(PROVIDER.SECRET_CIPHERTEXT).from(PROVIDER)
        .where(PROVIDER.NAME.eq(name))
        .fetchOptional(PROVIDER.SECRET_CIPHERTEXT)
        .map(stored -> cipher.decrypt(name, stored));
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public List<ProviderRecord> all() {
    return dsl.select(DISPLAY_COLUMNS).from(PROVIDER)
        .orderBy(PROVIDER.NAME)
        .fetch(JooqProviderStore::toProvider);
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public boolean remove(String name) {
    return dsl.transactionResult(trx -> {
      // no directory write may mark for this provider after its rows are deleted
      JooqDirectoryStore.lockExclusiveForProviderChange(trx.dsl());
      DSLContext tx = trx.dsl();
      int removed = tx.deleteFrom(PROVIDER).where(PROVIDER.NAME.eq(name)).execute();
      // also when the provider row is already gone: leftovers of an interrupted removal go too
      tx.deleteFrom(CONNECTION).where(CONNECTION.PROVIDER.eq(name)).execute();
      tx.deleteFrom(CHANGE_FEED).where(CHANGE_FEED.PROVIDER.eq(name)).execute();
      return removed > 0;
    });
  }

  /**
   * {@code INSERT INTO change_feed SELECT name, kind, id, nextval('change_feed_seq'), 1 FROM
   * directory_user|directory_group}: users first, so they come first in the queue.
   */
  private static void markEverythingDirty(DSLContext tx, String name, boolean bumpPending) {
    markAll(tx, name, ObjectKind.USER, DIRECTORY_USER, DIRECTORY_USER.ID, bumpPending);
    markAll(tx, name, ObjectKind.GROUP, DIRECTORY_GROUP, DIRECTORY_GROUP.ID, bumpPending);
    // wake the provider's worker at commit, as directory writes do
    tx.select(DSL.function("pg_notify", Object.class, DSL.val(JooqChangeFeed.CHANNEL), DSL.val(name)))
        .fetch();
  }

  private static void markAll(DSLContext tx, String name, ObjectKind kind, Table<?> table,
                              Field<String> id, boolean bumpPending) {
    var insert = tx.insertInto(CHANGE_FEED, CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND,
            CHANGE_FEED.LOCAL_ID, CHANGE_FEED.SEQ, CHANGE_FEED.GENERATION)
        .select(DSL.select(DSL.val(name), DSL.val(kind.name()), id, CHANGE_FEED_SEQ.nextval(),
                DSL.val(1L))
            .from(table)
            .orderBy(id));
    if (bumpPending) {
      // already pending: keep its place, but an acknowledgement of a claim taken before the
      // retarget must not remove it
      insert.onConflict(CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID)
          .doUpdate()
          .set(CHANGE_FEED.GENERATION, CHANGE_FEED.GENERATION.plus(1L))
          .execute();
    } else {
      insert.onConflictDoNothing().execute();
    }
  }

  private static Map<Field<?>, Object> displayValues(ProviderRecord p) {
    Map<Field<?>, Object> values = new java.util.LinkedHashMap<>();
    values.put(PROVIDER.BASE_URL, p.baseUrl());
    values.put(PROVIDER.COMPATIBILITY_MODE, p.compatibilityMode());
    values.put(PROVIDER.PROFILE_OVERRIDES, Columns.write(p.profileOverrides()));
    values.put(PROVIDER.AUTH_TYPE, p.authType());
    values.put(PROVIDER.AUTH_USERNAME, p.authUsername().orElse(null));
    values.put(PROVIDER.AUTH_CLIENT_ID, p.authClientId().orElse(null));
    values.put(PROVIDER.AUTH_TOKEN_ENDPOINT, p.authTokenEndpoint().orElse(null));
    values.put(PROVIDER.AUTH_SCOPE, p.authScope().orElse(null));
    values.put(PROVIDER.SETTINGS, Columns.write(p.settings()));
    values.put(PROVIDER.UPDATED_AT, Columns.timestamp(p.updatedAt()));
    return values;
  }

  private static ProviderRecord toProvider(Record r) {
    return new ProviderRecord(r.get(PROVIDER.NAME), r.get(PROVIDER.BASE_URL),
        r.get(PROVIDER.COMPATIBILITY_MODE),
        Columns.read(r.get(PROVIDER.PROFILE_OVERRIDES), STRINGS, "provider"),
        r.get(PROVIDER.AUTH_TYPE), Optional.ofNullable(r.get(PROVIDER.AUTH_USERNAME)),
        Optional.ofNullable(r.get(PROVIDER.AUTH_CLIENT_ID)),
        Optional.ofNullable(r.get(PROVIDER.AUTH_TOKEN_ENDPOINT)),
        Optional.ofNullable(r.get(PROVIDER.AUTH_SCOPE)),
        Columns.read(r.get(PROVIDER.SETTINGS), OBJECT, "provider"),
        r.get(PROVIDER.CREATED_AT).toInstant(), r.get(PROVIDER.UPDATED_AT).toInstant());
  }

}
