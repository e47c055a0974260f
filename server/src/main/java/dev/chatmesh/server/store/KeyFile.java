package dev.chatmesh.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A node's key material: the configured value, or random bytes generated once into a file of
 * {@code DATA_DIR} readable only by the node's user. Several nodes must share the configured
 * value, since each would otherwise generate its own.
 */
public final class KeyFile {

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFile() {
  }

  /**
   * The UTF-8 bytes of {@code configured}, or the {@code size} bytes kept in
   * {@code dataDir/name}, generated on first use.
   */
  public static byte[] read(String configured, Path dataDir, String name, int size) {
    if (configured != null) {
      return configured.getBytes(StandardCharsets.UTF_8);
    }
    Path file = dataDir.resolve(name);
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).strip());
      }
      Files.createDirectories(dataDir);
      byte[] key = new byte[size];
      RANDOM.nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the file stays with the default permissions
      }
      return key;
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep " + name + " in " + dataDir, e);
    }
  }
}
