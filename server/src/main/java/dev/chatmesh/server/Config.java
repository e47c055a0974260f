package dev.chatmesh.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Locale;

/**
 * Every setting of a ChatMesh node, read once from the environment and validated at start-up;
 * a bad value stops the node with a message naming the variable. See the README's settings
 * table for the meaning of each.
 *
 * @param host               interface to listen on
 * @param port               HTTP port, 0 for any free port
 * @param dataDir            where the embedded database and the generated signing secret live
 * @param databaseUrl        a JDBC or {@code postgres://} URL; null for the embedded SQLite file
 * @param redisUrl           Redis for cross-node fan-out; null for in-memory
 * @param redisNamespace     prefix of this deployment's Redis channels
 * @param tokenSecret        the token signing secret; null to generate one in {@code dataDir}
 * @param tokenTtl           how long a login lasts
 * @param heartbeat          idle time before a stream gets a heartbeat
 * @param streamsPerAccount  open streams one account may hold on a node
 * @param streamsPerCompany  open streams one company may hold on a node
 * @param streamQueueBytes   unsent bytes after which a slow stream is disconnected
 * @param historyMaxEvents   events kept per company for resume
 * @param historyMaxAge      how long events are kept for resume
 * @param maxBodyBytes       the largest request body accepted
 * @param cookieSecure       whether the session cookie is marked Secure (behind HTTPS)
 * @param verticles          HTTP verticle instances (event loops serving requests)
 * @param sessionCheck       how often streams' sessions are re-checked (logouts on other nodes),
 *                           and how long a verified API key is trusted (revocations there)
 * @param secretsKey         the key that seals channel credentials; null to generate one in
 *                           {@code dataDir}
 * @param platformUrls       base URLs of the platforms' send APIs
 * @param delivery           how agent messages are retried towards the platforms
 * @param corsOrigins        other origins whose pages may call the API and read the stream;
 *                           empty for none
 * @param passwordThreads    threads of the pool that hashes passwords (signup, login), apart
 *                           from the workers serving the API
 * @param trustedProxies     addresses of the load balancers whose {@code X-Real-IP} names the
 *                           client; empty to believe no header
 * @param headerTimeout      how long a connection may take to send a request's head, counted
 *                           from its opening or from the end of its previous answer (so also how
 *                           long an idle keep-alive connection is kept)
 * @param idleTimeout        silence in both directions after which a connection is closed
 * @param publicUrl          the address users reach the node by (behind a proxy), or null;
 *                           its origin is the node's own for the Origin check
 */
public record Config(String host, int port, Path dataDir, String databaseUrl, String redisUrl,
                     String redisNamespace, String tokenSecret, Duration tokenTtl, Duration heartbeat,
                     int streamsPerAccount, int streamsPerCompany, int streamQueueBytes,
                     int historyMaxEvents, Duration historyMaxAge, int maxBodyBytes,
                     boolean cookieSecure, int verticles, Duration sessionCheck,
                     String secretsKey, PlatformUrls platformUrls, Delivery delivery,
                     List<String> corsOrigins,
                     int passwordThreads, List<String> trustedProxies, Duration headerTimeout,
                     Duration idleTimeout, String publicUrl) {

  private static final Duration LONGEST_POLL =
      Duration.ofSeconds(dev.chatmesh.server.events.EventRoutes.MAX_WAIT_SECONDS);

  /** Reads the process environment. */
  public static Config fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads settings from {@code env}; throws with every bad setting named. */
  public static Config from(Map<String, String> env) {
    Reader r = new Reader(env);
    // Read by logback.xml itself; checked here so a typo stops the node instead of being ignored.
    r.get("LOG_LEVEL", "INFO", Config::logLevel);
    r.get("LOG_FORMAT", "text", s -> oneOf(s, "text", "json"));
    // Behind https the session cookie is Secure unless told not; its origin may change things.
    String publicUrl = r.get("PUBLIC_URL", null, Config::baseUrl);
    Config config = new Config(
        r.get("HOST", "0.0.0.0", s -> s),
        r.get("PORT", "8080", s -> between(Integer.parseInt(s), 0, 65535)),
        r.get("DATA_DIR", "./data", Path::of),
        r.get("DATABASE_URL", null, s -> s),
        r.get("REDIS_URL", null, s -> s),
        r.get("REDIS_NAMESPACE", "chatmesh", s -> {
          if (!s.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("must be 1-64 letters, digits, '_', '.', '-'");
          }
          return s;
        }),
        r.get("TOKEN_SECRET", null, s -> {
          if (s.length() < 32) {
            throw new IllegalArgumentException("must be at least 32 characters");
          }
          return s;
        }),
        r.get("TOKEN_TTL_SECONDS", "43200", s -> seconds(s)),
        r.get("HEARTBEAT_SECONDS", "15", s -> seconds(s)),
        r.get("STREAM_LIMIT_PER_ACCOUNT", "20", s -> between(Integer.parseInt(s), 1, 1_000_000)),
        r.get("STREAM_LIMIT_PER_COMPANY", "10000", s -> between(Integer.parseInt(s), 1, 10_000_000)),
        r.get("STREAM_QUEUE_BYTES", "524288", s -> between(Integer.parseInt(s), 1024, 1 << 30)),
        r.get("HISTORY_MAX_EVENTS", "100000", s -> between(Integer.parseInt(s), 1, Integer.MAX_VALUE)),
        r.get("HISTORY_MAX_AGE_HOURS", "168", s -> Duration.ofHours(between(Integer.parseInt(s), 1, 1_000_000))),
        r.get("MAX_BODY_BYTES", "1048576", s -> between(Integer.parseInt(s), 1024, 1 << 30)),
        r.get("COOKIE_SECURE", Boolean.toString(publicUrl != null && publicUrl.startsWith("https:")),
            Config::bool),
        r.get("HTTP_VERTICLES", Integer.toString(2 * Runtime.getRuntime().availableProcessors()),
            s -> between(Integer.parseInt(s), 1, 256)),
        r.get("SESSION_CHECK_SECONDS", "5", s -> seconds(s)),
        r.get("SECRETS_KEY", null, s -> {
          if (s.length() < 32) {
            throw new IllegalArgumentException("must be at least 32 characters");
          }
          return s;
        }),
        new PlatformUrls(r.get("FACEBOOK_API_URL", "https://graph.facebook.com", Config::baseUrl),
            r.get("ZALO_API_URL", "https://openapi.zalo.me", Config::baseUrl),
            r.get("TIKTOK_API_URL", "https://business-api.tiktok.com", Config::baseUrl)),
        new Delivery(r.get("DELIVERY_RETRY_BASE_MS", "1000",
                s -> Duration.ofMillis(between(Integer.parseInt(s), 1, 3_600_000))),
            r.get("DELIVERY_MAX_ATTEMPTS", "10", s -> between(Integer.parseInt(s), 1, 1000)),
            r.get("DELIVERY_MAX_AGE_SECONDS", "86400", s -> seconds(s))),
        r.get("CORS_ORIGINS", "", Config::origins),
        r.get("PASSWORD_HASH_THREADS",
            Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
            s -> between(Integer.parseInt(s), 1, 64)),
        r.get("TRUSTED_PROXIES", "", Config::addresses),
        r.get("HEADER_TIMEOUT_SECONDS", "10", s -> seconds(s)),
        r.get("IDLE_TIMEOUT_SECONDS", "120", s -> seconds(s)),
        publicUrl);
    // Streams write a heartbeat and a held long-poll answers within its wait: neither is idle.
    if (config.idleTimeout().compareTo(config.heartbeat()) <= 0
        || config.idleTimeout().compareTo(LONGEST_POLL) <= 0) {
      r.problem("IDLE_TIMEOUT_SECONDS=" + config.idleTimeout().toSeconds() + ": must be more than "
          + "HEARTBEAT_SECONDS and more than " + LONGEST_POLL.toSeconds() + " (the longest "
          + "long-poll wait)");
    }
    r.throwIfBad();
    return config;
  }

  private static List<String> addresses(String s) {
    List<String> list = new java.util.ArrayList<>();
    for (String part : s.split(",")) {
      String address = part.strip();
      if (address.isEmpty()) {
        continue;
      }
      if (!address.matches("[0-9a-fA-F.:]+")) {
        throw new IllegalArgumentException("must be a comma-separated list of IP addresses");
      }
      try {
        list.add(java.net.InetAddress.getByName(address).getHostAddress());
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException("must be a comma-separated list of IP addresses");
      }
    }
    return List.copyOf(list);
  }

  /**
   * Base URLs of the messaging platforms' APIs (no trailing slash).
   *
   * @param facebook the Graph API ({@code FACEBOOK_API_URL})
   * @param zalo     Zalo's OpenAPI ({@code ZALO_API_URL})
   * @param tiktok   TikTok's API for Business ({@code TIKTOK_API_URL})
   */
  public record PlatformUrls(String facebook, String zalo, String tiktok) {
  }

  /**
   * How agent messages are retried when a platform fails for a while.
   *
   * @param retryBase   the first retry's delay; each later one doubles it, with jitter
   * @param maxAttempts attempts after which a message is {@code failed}
   * @param maxAge      age after which a message still not sent is {@code failed}
   */
  public record Delivery(Duration retryBase, int maxAttempts, Duration maxAge) {
  }

  private static String baseUrl(String s) {
    java.net.URI uri = java.net.URI.create(s);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("must be an http:// or https:// URL");
    }
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static List<String> origins(String s) {
    List<String> origins = new ArrayList<>();
    for (String origin : s.split(",")) {
      String o = origin.strip();
      if (o.isEmpty()) {
        continue;
      }
      if (!o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException("'" + o + "' is not an origin like https://app.example.com");
      }
      origins.add(o);
    }
    return List.copyOf(origins);
  }

  private static String logLevel(String s) {
    return oneOf(s.toUpperCase(Locale.ROOT), "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  }

  private static String oneOf(String s, String... allowed) {
    if (!List.of(allowed).contains(s)) {
      throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    }
    return s;
  }

  private static int between(int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  private static Duration seconds(String s) {
    return Duration.ofSeconds(between(Integer.parseInt(s), 1, Integer.MAX_VALUE));
  }

  private static boolean bool(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  /** Collects every bad setting so one start-up reports them all. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    <T> T get(String name, String fallback, Function<String, T> parse) {
      String raw = env.get(name);
      if (raw == null || raw.isBlank()) {
        raw = fallback;
      }
      if (raw == null) {
        return null;
      }
      try {
        return parse.apply(raw.strip());
      } catch (RuntimeException e) {
        problems.add(name + "=" + (name.contains("SECRET") ? "<hidden>" : raw) + ": "
            + (e instanceof NumberFormatException ? "not a number" : e.getMessage()));
        // The defaults are valid; using one keeps the record constructible until we throw.
        return fallback == null ? null : parse.apply(fallback);
      }
    }

    void problem(String problem) {
      problems.add(problem);
    }

    void throwIfBad() {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Bad settings: " + String.join("; ", problems));
      }
    }
  }
}
