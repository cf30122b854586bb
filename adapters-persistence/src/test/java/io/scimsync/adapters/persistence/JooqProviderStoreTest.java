package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.CHANGE_FEED;
import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_GROUP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_MEMBERSHIP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;
import static io.scimsync.adapters.persistence.jooq.Tables.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JooqProviderStoreTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final String TOKEN = "tok-8c1e55d2-plaintext-marker";

  private static TestDatabase db;
  private DSLContext dsl;
  private JooqProviderStore store;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void emptyTables() {
    dsl = db.dsl();
    dsl.truncate(PROVIDER, CONNECTION, CHANGE_FEED, DIRECTORY_MEMBERSHIP, DIRECTORY_USER,
        DIRECTORY_GROUP).execute();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    store = new JooqProviderStore(dsl, SecretCipher.fromBase64(
        Base64.getEncoder().encodeToString(key)));
  }

  @Test
  void findReturnsWhatWasPut_withoutTheSecret() {
    ProviderRecord okta = provider("okta", "https://okta.example/scim/v2");

    store.put(okta, Optional.of(TOKEN));

    assertThat(store.find("okta")).contains(okta);
    assertThat(store.find("okta").orElseThrow().toString()).doesNotContain(TOKEN);
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void readsIntegralSettingsBackAsLong() {
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.empty());

    Map<String, Object> settings = store.find("okta").orElseThrow().settings();

    assertThat(settings).containsEntry("maxRequestsPerSecond", 20L)
        .containsEntry("dryRun", false);
  }

  @Test
  void secretIsNotStoredInPlainText() {
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of(TOKEN));

    byte[] stored = dsl.select(PROVIDER.SECRET_CIPHERTEXT).from(PROVIDER)
        .where(PROVIDER.NAME.eq("okta")).fetchSingle(PROVIDER.SECRET_CIPHERTEXT);
    String wholeRow = dsl.resultQuery("SELECT p::text FROM provider p").fetchSingle(0,
        String.class);

    assertThat(stored).isNotEmpty();
    assertThat(indexOf(stored, TOKEN.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    assertThat(wholeRow).doesNotContain(TOKEN);
    assertThat(store.secret("okta")).contains(TOKEN);
  }

  @Test
  void secretIsEmpty_forAProviderWithoutOneOrAnUnknownProvider() {
    store.put(provider("open", "https://open.example/scim/v2"), Optional.empty());

    assertThat(store.secret("open")).isEmpty();
    assertThat(store.secret("nobody")).isEmpty();
  }

  @Test
  void putWithoutSecret_keepsTheStoredSecret_andUpdatesTheRest() {
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of(TOKEN));
    ProviderRecord changed = new ProviderRecord("okta", "https://okta.example/scim/v2",
        "default", Map.of("patchMembers", "false"), "bearer", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of("dryRun", true),
        T0.plusSeconds(3600), T0.plusSeconds(3600));

    store.put(changed, Optional.empty());

    assertThat(store.secret("okta")).contains(TOKEN);
    ProviderRecord found = store.find("okta").orElseThrow();
    assertThat(found.profileOverrides()).isEqualTo(Map.of("patchMembers", "false"));
    assertThat(found.settings()).isEqualTo(Map.of("dryRun", true));
    assertThat(found.updatedAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(found.createdAt()).isEqualTo(T0);
  }

  @Test
  void putWithSecret_replacesTheStoredSecret() {
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of(TOKEN));

    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of("rotated"));

    assertThat(store.secret("okta")).contains("rotated");
  }

  @Test
  void secretFails_whenCiphertextIsMovedToAnotherProvider() {
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of(TOKEN));
    store.put(provider("slack", "https://slack.example/scim/v2"), Optional.of("other"));
    dsl.update(PROVIDER)
        .set(PROVIDER.SECRET_CIPHERTEXT, dsl.select(PROVIDER.SECRET_CIPHERTEXT).from(PROVIDER)
            .where(PROVIDER.NAME.eq("okta")).fetchSingle(PROVIDER.SECRET_CIPHERTEXT))
        .where(PROVIDER.NAME.eq("slack")).execute();

    assertThatThrownBy(() -> store.secret("slack"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'slack'")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void allListsEveryProviderByName() {
    store.put(provider("slack", "https://slack.example/scim/v2"), Optional.empty());
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of(TOKEN));

    assertThat(store.all()).extracting(ProviderRecord::name).containsExactly("okta", "slack");
  }

  @Test
  void removeDeletesTheProvider_withItsConnectionsAndPendingChanges_only() {
    insertUser("alice");
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of(TOKEN));
    store.put(provider("slack", "https://slack.example/scim/v2"), Optional.empty());
    JooqConnectionStore connections = new JooqConnectionStore(dsl);
    connections.save(Connection.pending("okta", ObjectRef.user("alice"), T0));
    connections.save(Connection.pending("slack", ObjectRef.user("alice"), T0));

    assertThat(store.remove("okta")).isTrue();

    assertThat(store.find("okta")).isEmpty();
    assertThat(store.secret("okta")).isEmpty();
    assertThat(connections.find("okta", ObjectRef.user("alice"))).isEmpty();
    assertThat(connections.find("slack", ObjectRef.user("alice"))).isPresent();
    assertThat(feed("okta")).isEmpty();
    assertThat(feed("slack")).hasSize(1);
    assertThat(store.remove("okta")).isFalse();
  }

  @Test
  void addingAProviderMarksEveryUserAndGroupDirty_usersFirst() {
    insertUser("alice");
    insertUser("bob");
    insertGroup("eng");

    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.empty());

    List<Record3<String, String, Long>> feed = feed("okta");
    assertThat(feed).extracting(r -> r.value1() + ":" + r.value2())
        .containsExactly("USER:alice", "USER:bob", "GROUP:eng");
    assertThat(feed).extracting(Record3::value3).containsOnly(1L);
  }

  @Test
  void updatingAProvider_marksNothing_unlessItsTargetOrProfileChanged() {
    insertUser("alice");
    insertGroup("eng");
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.empty());
    dsl.deleteFrom(CHANGE_FEED).execute(); // the initial sync is done

    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.of(TOKEN));
    assertThat(feed("okta")).isEmpty();

    store.put(provider("okta", "https://new.okta.example/scim/v2"), Optional.empty());
    assertThat(feed("okta")).extracting(r -> r.value1() + ":" + r.value2())
        .containsExactly("USER:alice", "GROUP:eng");
  }

  @Test
  void retargetingAProvider_bumpsTheGenerationOfChangesAlreadyPending() {
    insertUser("alice");
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.empty());

    store.put(new ProviderRecord("okta", "https://okta.example/scim/v2", "authentik", Map.of(),
        "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        T0, T0), Optional.empty());

    assertThat(feed("okta")).extracting(Record3::value3).containsExactly(2L);
  }

  @Test
  void anotherBaseUrl_dropsTheLinksToTheOldTarget_whileAnotherModeKeepsThem() {
    insertUser("alice");
    store.put(provider("okta", "https://okta.example/scim/v2"), Optional.empty());
    JooqConnectionStore connections = new JooqConnectionStore(dsl);
    connections.save(new Connection("okta", ObjectRef.user("alice"), Optional.of("r-1"), Map.of(),
        Optional.empty(), Optional.empty(), io.scimsync.domain.port.SyncStatus.SYNCED, 0,
        Optional.empty(), Optional.empty(), java.util.OptionalInt.empty(), T0));

    store.put(new ProviderRecord("okta", "https://okta.example/scim/v2", "aws", Map.of(),
        "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        T0, T0), Optional.empty());
    assertThat(connections.find("okta", ObjectRef.user("alice"))).isPresent();

    store.put(provider("okta", "https://other.example/scim/v2"), Optional.empty());
    assertThat(connections.find("okta", ObjectRef.user("alice"))).isEmpty();
  }

  @Test
  void endingADryRun_marksEverythingDirty() {
    insertUser("alice");
    store.put(new ProviderRecord("okta", "https://okta.example/scim/v2", "default", Map.of(),
        "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Map.of("dryRun", true), T0, T0), Optional.empty());
    dsl.deleteFrom(CHANGE_FEED).execute();

    store.put(new ProviderRecord("okta", "https://okta.example/scim/v2", "default", Map.of(),
        "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Map.of("dryRun", false), T0, T0), Optional.empty());

    assertThat(feed("okta")).extracting(r -> r.value1() + ":" + r.value2())
        .containsExactly("USER:alice");
  }

  private static ProviderRecord provider(String name, String baseUrl) {
    return new ProviderRecord(name, baseUrl, "default", Map.of(), "bearer", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(),
        Map.of("dryRun", false, "verifyTls", true, "maxRequestsPerSecond", 20L), T0, T0);
  }

  private void insertUser(String id) {
    dsl.insertInto(DIRECTORY_USER)
        .set(DIRECTORY_USER.ID, id)
        .set(DIRECTORY_USER.USER_NAME, id + "@example.com")
        .set(DIRECTORY_USER.ACTIVE, true)
        .set(DIRECTORY_USER.UPDATED_AT, T0.atOffset(ZoneOffset.UTC))
        .execute();
  }

  private void insertGroup(String id) {
    dsl.insertInto(DIRECTORY_GROUP)
        .set(DIRECTORY_GROUP.ID, id)
        .set(DIRECTORY_GROUP.NAME, id)
        .set(DIRECTORY_GROUP.UPDATED_AT, T0.atOffset(ZoneOffset.UTC))
        .execute();
  }

  /** The provider's change-feed rows as (kind, local id, generation), in queue order. */
  private List<Record3<String, String, Long>> feed(String provider) {
    return dsl.select(CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID, CHANGE_FEED.GENERATION)
        .from(CHANGE_FEED)
        .where(CHANGE_FEED.PROVIDER.eq(provider))
        .orderBy(CHANGE_FEED.SEQ)
        .fetch();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
