package io.scimsync.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
  private static final String SECRET = "tok-3f9a1c-very-secret";

  @TempDir
  Path dataDir;

  @Test
  void decryptReturnsWhatWasEncrypted_forTheSameProvider() {
    SecretCipher cipher = SecretCipher.fromBase64(randomKey());

    byte[] stored = cipher.encrypt("okta", SECRET);

    assertThat(cipher.decrypt("okta", stored)).isEqualTo(SECRET);
    assertThat(stored).hasSize(12 + SECRET.length() + 16);
  }

  @Test
  void encryptUsesAFreshNonce_soTheSameSecretEncryptsDifferently() {
    SecretCipher cipher = SecretCipher.fromBase64(randomKey());

    assertThat(cipher.encrypt("okta", SECRET)).isNotEqualTo(cipher.encrypt("okta", SECRET));
  }

  @Test
  void decryptFails_withAnotherKey_namingTheProviderButNotTheSecret() {
    byte[] stored = SecretCipher.fromBase64(randomKey()).encrypt("okta", SECRET);
    SecretCipher other = SecretCipher.fromBase64(randomKey());

    assertThatThrownBy(() -> other.decrypt("okta", stored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'okta'")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void decryptFails_forAnotherProviderName() {
    SecretCipher cipher = SecretCipher.fromBase64(randomKey());
    byte[] stored = cipher.encrypt("okta", SECRET);

    assertThatThrownBy(() -> cipher.decrypt("slack", stored))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'slack'");
  }

  @Test
  void decryptFails_whenTheDataWasAlteredOrTruncated() {
    SecretCipher cipher = SecretCipher.fromBase64(randomKey());
    byte[] stored = cipher.encrypt("okta", SECRET);
    stored[stored.length - 1] ^= 1;

    assertThatThrownBy(() -> cipher.decrypt("okta", stored))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cipher.decrypt("okta", new byte[5]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fromBase64RejectsAKeyThatIsNot32Bytes_withoutEchoingIt() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> SecretCipher.fromBase64(short16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32")
        .hasMessageNotContaining(short16);
    assertThatThrownBy(() -> SecretCipher.fromBase64("not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromKeyFileCreatesAnOwnerOnlyKey_andReusesItOnTheNextStart() throws IOException {
    Path dir = dataDir.resolve("data");
    SecretCipher first = SecretCipher.fromKeyFile(dir);
    Path keyFile = dir.resolve("secret.key");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
    byte[] stored = first.encrypt("okta", SECRET);
    assertThat(SecretCipher.fromKeyFile(dir).decrypt("okta", stored)).isEqualTo(SECRET);
  }

  @Test
  void fromKeyFileRefusesAKeyFileReadableByOthers_namingTheFileAndTheFix() throws IOException {
    Path keyFile = dataDir.resolve("secret.key");
    Files.writeString(keyFile, randomKey());
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> SecretCipher.fromKeyFile(dataDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(keyFile.toString())
        .hasMessageContaining("chmod 600");
  }

  @Test
  void fromKeyFileRejectsAFileWithoutAValidKey() throws IOException {
    Path keyFile = Files.createFile(dataDir.resolve("secret.key"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, "dG9vIHNob3J0");

    assertThatThrownBy(() -> SecretCipher.fromKeyFile(dataDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(keyFile.toString());
  }

  @Test
  void toStringDoesNotShowTheKey() {
    String key = randomKey();

    assertThat(SecretCipher.fromBase64(key).toString()).doesNotContain(key).contains("AES");
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
