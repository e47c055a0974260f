package dev.chatmesh.server.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id password hashing (RFC 9106) with the OWASP-recommended cost (19 MiB, 2 passes),
 * stored in the PHC string format so the cost can change without breaking old hashes: a hash
 * of another cost still verifies, and {@link #needsRehash} tells the login to store a new one.
 */
final class Passwords {

  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** A hash that matches no password, verified against when an account does not exist. */
  static final String DECOY = hash("decoy password that nobody has");

  private Passwords() {
  }

  /** Hashes {@code password} with a fresh salt. Slow by design: call it off the event loop. */
  static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code encoded}, compared in constant time; a stored value
   * that is not a well-formed Argon2id hash of sane cost matches nothing (and never throws).
   */
  static boolean verify(String password, String encoded) {
    Phc phc = Phc.parse(encoded);
    if (phc == null) {
      return false;
    }
    byte[] actual = argon2(password, phc.salt(), phc.memory(), phc.iterations(),
        phc.parallelism(), phc.hash().length);
    return MessageDigest.isEqual(phc.hash(), actual);
  }

  /** Whether {@code encoded} was made with another cost than today's, so it should be replaced. */
  static boolean needsRehash(String encoded) {
    Phc phc = Phc.parse(encoded);
    return phc == null || phc.memory() != MEMORY_KIB || phc.iterations() != ITERATIONS
        || phc.parallelism() != PARALLELISM || phc.hash().length != HASH_BYTES;
  }

  /** The parts of {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}. */
  private record Phc(int memory, int iterations, int parallelism, byte[] salt, byte[] hash) {

    // Bounds keep a tampered row from making one login allocate gigabytes or spin for minutes.
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;

    static Phc parse(String encoded) {
      if (encoded == null) {
        return null;
      }
      String[] parts = encoded.split("\\$", -1);
      if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id")
          || !parts[2].equals("v=19")) {
        return null;
      }
      int memory = 0;
      int iterations = 0;
      int parallelism = 0;
      try {
        for (String setting : parts[3].split(",", -1)) {
          if (setting.length() < 3 || setting.charAt(1) != '=') {
            return null;
          }
          int value = Integer.parseInt(setting.substring(2));
          switch (setting.charAt(0)) {
            case 'm' -> memory = value;
            case 't' -> iterations = value;
            case 'p' -> parallelism = value;
            default -> {
              return null;
            }
          }
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] hash = B64D.decode(parts[5]);
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1
            || iterations > MAX_ITERATIONS || memory < 8 * parallelism || memory > MAX_MEMORY_KIB
            || salt.length < 8 || hash.length < 16 || hash.length > 64) {
          return null;
        }
        return new Phc(memory, iterations, parallelism, salt, hash);
      } catch (IllegalArgumentException e) { // a bad number or bad Base64
        return null;
      }
    }
  }

  private static byte[] argon2(String password, byte[] salt, int memory, int iterations,
                               int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memory)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
    return out;
  }
}
