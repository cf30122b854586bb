package io.scimsync.adapters.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts provider secrets (bearer tokens, passwords, OAuth client secrets) at rest with
 * AES-256-GCM: a fresh random 12-byte nonce per encryption, a 128-bit tag, stored as
 * {@code nonce || ciphertext+tag}. The provider's name is the associated data, so a ciphertext
 * copied onto another provider's row does not decrypt.
 *
 * <p>The key comes from configuration ({@link #fromBase64}) or from {@code <dataDir>/secret.key}
 * ({@link #fromKeyFile}), which is created with owner-only permissions when missing. Losing the key
 * makes the stored secrets unreadable: they must then be entered again. Thread-safe.
 */
public final class SecretCipher {
  /** The key file's name inside the data directory. */
  public static final String KEY_FILE_NAME = "secret.key";

  private static final Logger LOG = LoggerFactory.getLogger(SecretCipher.class);
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private final SecretKey key;
  private final SecureRandom random;

  private SecretCipher(byte[] keyBytes, SecureRandom random) {
    this.key = new SecretKeySpec(keyBytes, "AES"); // copies the bytes
    Arrays.fill(keyBytes, (byte) 0);
    this.random = random;
  }

  /**
   * A cipher with the key given in configuration: 32 bytes, base64 (standard alphabet), for
   * example from {@code openssl rand -base64 32}.
   *
   * @throws IllegalArgumentException if it is not base64 of exactly 32 bytes; the message never
   *                                  contains the value
   */
  public static SecretCipher fromBase64(String base64Key) {
    Objects.requireNonNull(base64Key, "base64Key");
    return new SecretCipher(decodeKey(base64Key, "the configured secret key"), new SecureRandom());
  }

  /**
   * A cipher with the key in {@code <dataDir>/secret.key}, created (32 random bytes, base64) with
   * permissions {@code rw-------} if it does not exist; the data directory is created as needed.
   * Blocks on file I/O.
   *
   * @throws IllegalStateException if the existing key file is accessible by group or others, or
   *                               does not hold a base64 key of 32 bytes; the message names the
   *                               file and the fix
   * @throws java.io.UncheckedIOException if the file cannot be read or created
   */
  public static SecretCipher fromKeyFile(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path file = dataDir.resolve(KEY_FILE_NAME);
    try {
      if (!Files.exists(file)) {
        SecureRandom random = new SecureRandom();
        byte[] keyBytes = new byte[KEY_BYTES];
        random.nextBytes(keyBytes);
        try {
          create(dataDir, file, keyBytes);
          LOG.info("created a new secret key in {}; back it up with the database", file);
          return new SecretCipher(keyBytes, random);
        } catch (FileAlreadyExistsException raced) {
          // another process created it between our check and our create: use theirs
          Arrays.fill(keyBytes, (byte) 0);
        }
      }
      requireOwnerOnly(file);
      String content = Files.readString(file, StandardCharsets.US_ASCII);
      try {
        return new SecretCipher(decodeKey(content, "the key file " + file), new SecureRandom());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read or create the key file " + file, e);
    }
  }

  /**
   * Encrypts {@code plaintext} for the provider named {@code provider}.
   *
   * @return {@code nonce || ciphertext}, 28 bytes longer than the UTF-8 plaintext
   */
  public byte[] encrypt(String provider, String plaintext) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(provider.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every Java SE runtime; reaching this is a broken JDK
      throw new IllegalStateException("cannot encrypt the secret of provider '" + provider + "'",
          e);
    }
  }

  /**
   * Decrypts what {@link #encrypt} returned for the same provider.
   *
   * @throws IllegalStateException naming the provider (never the data) if the key differs from
   *                               the one that encrypted it, the data was altered, or it belongs
   *                               to another provider
   */
  public String decrypt(String provider, byte[] stored) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(stored, "stored");
    if (stored.length < NONCE_BYTES + TAG_BITS / 8) {
      throw undecryptable(provider, null);
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      cipher.updateAAD(provider.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw undecryptable(provider, e);
    }
  }

  /** Names the algorithm only: the key never appears in logs. */
  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM, key hidden]";
  }

  private static IllegalStateException undecryptable(String provider, Exception cause) {
    return new IllegalStateException("cannot decrypt the secret of provider '" + provider
        + "': the secret key is not the one it was encrypted with (was " + KEY_FILE_NAME
        + " or the configured key replaced?) or the stored data was altered; enter the secret"
        + " again", cause);
  }

  private static void create(Path dataDir, Path file, byte[] keyBytes) throws IOException {
    Files.createDirectories(dataDir);
    byte[] encoded = (Base64.getEncoder().encodeToString(keyBytes) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
    // written whole to a temporary file, forced to disk, then linked into place: a crash never
    // leaves a short key file, and secrets are never committed under a key that could be lost
    Path temporary = dataDir.resolve(file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      if (posix(dataDir)) {
        // created with its final permissions in one step: never readable by others, not even briefly
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        LOG.warn("{} is not on a POSIX file system: restrict access to it by hand", file);
        Files.createFile(temporary);
      }
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temporary,
          java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(encoded));
        channel.force(true);
      }
      // a hard link fails if the key file appeared meanwhile: the first writer's key wins
      Files.createLink(file, temporary);
      try (java.nio.channels.FileChannel directory = java.nio.channels.FileChannel.open(dataDir,
          java.nio.file.StandardOpenOption.READ)) {
        directory.force(true);
      } catch (IOException e) {
        LOG.debug("could not sync directory {}: {}", dataDir, e.toString());
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void requireOwnerOnly(Path file) throws IOException {
    if (!posix(file)) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
      throw new IllegalStateException("the key file " + file + " is accessible by group or others ("
          + PosixFilePermissions.toString(permissions) + "); restrict it to its owner with"
          + " 'chmod 600 " + file + "' and consider the stored secrets exposed");
    }
  }

  private static boolean posix(Path path) throws IOException {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  private static byte[] decodeKey(String base64, String source) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source
          + " is not base64; expected 32 random bytes in base64 (openssl rand -base64 32)");
    }
    if (bytes.length != KEY_BYTES) {
      Arrays.fill(bytes, (byte) 0);
      throw new IllegalArgumentException(source + " holds " + bytes.length
          + " bytes; AES-256 needs exactly 32 (openssl rand -base64 32)");
    }
    return bytes;
  }
}
