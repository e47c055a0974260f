package dev.chatmesh.server.store;

import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node keeps in DATA_DIR (the database, its secrets) only its own user can read. */
class DataDirPermissionsTest {

  @RegisterExtension
  static final Node server = Node.sqlite();

  @Test
  void theDataDirectoryIsOwnerOnlyAndSoAreTheDatabaseAndTheSecrets() throws Exception {
    server.api().signup("Private Files Co", "Pia");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.dataDir())))
        .isEqualTo("rwx------");
    try (var files = Files.list(server.dataDir())) {
      for (var file : files.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as(file.getFileName().toString()).isEqualTo("rw-------");
      }
    }
  }
}
