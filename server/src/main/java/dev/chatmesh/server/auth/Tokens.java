package dev.chatmesh.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatmesh.server.store.KeyFile;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Signed session tokens (JWT, HS256). A token names an account and a session; the session row
 * must still exist for the token to count, so logging out ends it at once.
 */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Duration ttl;

  /** Signs with {@code secret} (at least 32 bytes). */
  public Tokens(byte[] secret, Duration ttl) {
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("token secret: " + e.getMessage(), e);
    }
    this.ttl = ttl;
  }

  /**
   * The configured secret, or the one kept in {@code dataDir/token-secret}, generated on first
   * start. Several nodes must share one: set {@code TOKEN_SECRET} for them.
   */
  public static byte[] secret(String configured, Path dataDir) {
    return KeyFile.read(configured, dataDir, "token-secret", 48);
  }

  /** A new random session id. */
  static String newSessionId() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** How long tokens last. */
  Duration ttl() {
    return ttl;
  }

  /** A token for {@code accountId}'s session {@code sessionId}, expiring at {@code expires}. */
  String issue(long accountId, String sessionId, Instant expires) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(Long.toString(accountId))
        .claim("sid", sessionId)
        .issueTime(new Date())
        .expirationTime(Date.from(expires))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /**
   * The claims of a token whose signature (HS256 only), expiry and not-before time hold, or
   * null.
   */
  Claims verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = Instant.now();
      Date expires = claims.getExpirationTime();
      Date notBefore = claims.getNotBeforeTime();
      if (expires == null || expires.toInstant().isBefore(now)
          || (notBefore != null && notBefore.toInstant().isAfter(now))) {
        return null;
      }
      return new Claims(Long.parseLong(claims.getSubject()), claims.getStringClaim("sid"),
          expires.toInstant());
    } catch (ParseException | JOSEException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * What a valid token says.
   *
   * @param accountId the account
   * @param sessionId the session
   * @param expiresAt when it stops counting
   */
  record Claims(long accountId, String sessionId, Instant expiresAt) {
  }
}
