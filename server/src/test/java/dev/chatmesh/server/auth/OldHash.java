package dev.chatmesh.server.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An Argon2id PHC string of another cost than today's, as an older release would have stored. */
public final class OldHash {

  private OldHash() {
  }

  /** {@code password} hashed with {@code memoryKib} and {@code iterations}, parallelism 1. */
  public static String of(String password, int memoryKib, int iterations) {
    byte[] salt = "sixteen byte salt".substring(0, 16).getBytes(StandardCharsets.US_ASCII);
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib)
        .withIterations(iterations).withParallelism(1).withSalt(salt).build());
    byte[] hash = new byte[32];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + b64.encodeToString(salt)
        + "$" + b64.encodeToString(hash);
  }
}
