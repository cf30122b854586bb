package io.scimsync.adapters.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The embedded server's superuser password, in {@code <dataDir>/postgres.password}, readable by
 * the owner only. initdb (as zonky runs it) trusts every local connection; with this password and
 * a scram-only {@code pg_hba.conf}, other local OS users cannot read the database, or through it
 * the secret key file.
 */
final class EmbeddedPassword {
  static final String FILE_NAME = "postgres.password";
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private EmbeddedPassword() {}

  static String readOrCreate(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rw-------")));
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(password.getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
          }
          return password;
        } catch (FileAlreadyExistsException raced) {
          // another start created it first: read theirs below
        }
      }
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        throw new IllegalStateException(file + " is accessible by group or others ("
            + PosixFilePermissions.toString(permissions) + "); restrict it with 'chmod 600 "
            + file + "'");
      }
      String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (password.isEmpty()) {
        throw new IllegalStateException(file + " is empty; delete it only together with "
            + dataDirectory.resolve(EmbeddedPostgresServer.CLUSTER_DIRECTORY));
      }
      return password;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }
}
