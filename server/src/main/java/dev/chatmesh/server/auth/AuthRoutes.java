package dev.chatmesh.server.auth;

import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Store;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Signup, login, logout and "who am I". */
public final class AuthRoutes {

  private final Store store;
  private final Tokens tokens;
  private final boolean secureCookie;
  private final Consumer<String> sessionEnded;
  private final BiConsumer<Change, Accounts.Account> firstAdmin;
  private final Hashing hashing;
  private final LoginThrottle throttle = new LoginThrottle(java.time.Clock.systemUTC());

  /**
   * Serves the auth routes; {@code sessionEnded} is told the id of each session that logs out
   * so its open streams can be ended, and {@code firstAdmin} (the CRM, which owns memberships)
   * makes a signup's new account the first admin of the company being created; passwords are
   * hashed on {@code hashing}.
   */
  public AuthRoutes(Store store, Tokens tokens, boolean secureCookie,
                    Consumer<String> sessionEnded,
                    BiConsumer<Change, Accounts.Account> firstAdmin, Hashing hashing) {
    this.hashing = hashing;
    this.store = store;
    this.tokens = tokens;
    this.secureCookie = secureCookie;
    this.sessionEnded = sessionEnded;
    this.firstAdmin = firstAdmin;
  }

  /** Routes that need no session. */
  public void mountPublic(Router router) {
    router.post("/api/auth/signup").handler(this::signup);
    router.route("/api/auth/signup").handler(Problems.allowOnly("POST"));
    router.post("/api/auth/login").handler(this::login);
    router.route("/api/auth/login").handler(Problems.allowOnly("POST"));
  }

  /** Routes behind {@link Auth#authenticate}. */
  public void mountAuthenticated(Router router) {
    router.post("/api/auth/logout").handler(this::logout);
    router.route("/api/auth/logout").handler(Problems.allowOnly("POST"));
    router.get("/api/auth/me").handler(this::me);
    router.route("/api/auth/me").handler(Problems.allowOnly("GET"));
  }

  private void signup(RoutingContext ctx) {
    Input in = Input.of(ctx);
    String companyName = in.text("companyName", true, 200);
    String name = in.text("name", true, 200);
    String email = in.email("email", true);
    String password = password(in);
    in.validate();
    signIn(ctx, 201, () -> {
      String hash = Passwords.hash(password);
      return store.create(handle -> {
        if (Accounts.byEmail(handle, email).isPresent()) {
          throw ApiException.conflict("An account with this e-mail already exists; log in and "
              + "ask an admin to invite you, or use another address.");
        }
        return handle.createQuery("INSERT INTO companies (name, created_at) "
                + "VALUES (:name, :now) RETURNING id")
            .bind("name", companyName).bind("now", System.currentTimeMillis())
            .mapTo(Long.class).one();
      }, new Change.Actor(null, name), change -> {
        Accounts.Account account = Accounts.create(change.handle(), email, name, hash,
            change.now());
        firstAdmin.accept(change, account);
        return account.id();
      });
    });
  }

  /**
   * Answers {@code status} with the login answer (and cookie) of a new session for the account
   * that {@code createAccount} makes: signup, and joining a company by an invitation's link.
   * {@code createAccount} runs on the password-hashing pool, so it may hash the password.
   */
  public void signIn(RoutingContext ctx, int status, Callable<Long> createAccount) {
    hashing.run(() -> startSession(createAccount.call()))
        .onComplete(result -> answerLogin(ctx, status, result.result(), result.cause()));
  }

  private void login(RoutingContext ctx) {
    Input in = Input.of(ctx);
    String email = in.email("email", true);
    String password = in.secret("password", true, 1024);
    in.validate();
    String address = dev.chatmesh.server.http.ClientAddress.of(ctx);
    java.time.Duration wait = throttle.wait(email, address);
    if (!wait.isZero()) {
      ctx.fail(new ApiException(429, "Too Many Requests", "Too many wrong passwords; try "
          + "again later.").retryAfter((wait.toMillis() + 999) / 1000));
      return;
    }
    hashing.run(() -> {
      Map<String, Object> row = store.read(handle -> handle.createQuery(
              "SELECT id, password_hash FROM accounts WHERE email = :email")
          .bind("email", email).mapToMap().findOne().orElse(null));
      // Verify against a decoy when the account is missing, so timing tells nothing.
      String hash = row == null ? Passwords.DECOY : (String) row.get("password_hash");
      boolean ok = Passwords.verify(password, hash) && row != null;
      if (!ok) {
        throttle.failed(email, address);
        throw ApiException.unauthorized("Wrong e-mail or password.");
      }
      throttle.succeeded(email, address);
      long accountId = ((Number) row.get("id")).longValue();
      if (Passwords.needsRehash(hash)) {
        // The cost changed since this hash was made: the password is at hand only now.
        String fresh = Passwords.hash(password);
        store.transaction(handle -> handle.createUpdate("UPDATE accounts SET password_hash = "
            + ":fresh WHERE id = :id AND password_hash = :old").bind("fresh", fresh)
            .bind("id", accountId).bind("old", hash).execute());
      }
      return startSession(accountId);
    }).onComplete(result -> answerLogin(ctx, 200, result.result(), result.cause()));
  }

  private void logout(RoutingContext ctx) {
    Principal principal = Auth.principal(ctx);
    Blocking.run(ctx, () -> store.transaction(handle -> handle.createUpdate(
            "DELETE FROM sessions WHERE id = :id").bind("id", principal.sessionId()).execute()))
        .onComplete(result -> {
          if (result.failed()) {
            ctx.fail(result.cause());
            return;
          }
          sessionEnded.accept(principal.sessionId());
          ctx.response().addCookie(cookie("", 0));
          ctx.response().setStatusCode(204).end();
        });
  }

  private void me(RoutingContext ctx) {
    Principal principal = Auth.principal(ctx);
    Blocking.respond(ctx, 200, () -> store.read(handle -> describe(handle, principal.accountId(),
        null, principal.expiresAt())));
  }

  /** Creates a session row and returns the login answer with its token. */
  LoginAnswer startSession(long accountId) {
    String sessionId = Tokens.newSessionId();
    Instant expires = Instant.now().plus(tokens.ttl());
    String token = tokens.issue(accountId, sessionId, expires);
    store.transaction(handle -> handle.createUpdate("INSERT INTO sessions (id, account_id, "
            + "created_at, expires_at) VALUES (:id, :account, :now, :expires)")
        .bind("id", sessionId).bind("account", accountId)
        .bind("now", System.currentTimeMillis()).bind("expires", expires.toEpochMilli())
        .execute());
    return store.read(handle -> describe(handle, accountId, token, expires));
  }

  private static LoginAnswer describe(org.jdbi.v3.core.Handle handle, long accountId,
                                      String token, Instant expires) {
    Map<String, Object> account = handle.createQuery(
            "SELECT id, email, name FROM accounts WHERE id = :id")
        .bind("id", accountId).mapToMap().one();
    List<Map<String, Object>> memberships = handle.createQuery("SELECT e.company_id, e.id, "
            + "e.role, c.name FROM employees e JOIN companies c ON c.id = e.company_id "
            + "WHERE e.account_id = :account AND e.removed_at IS NULL ORDER BY e.company_id")
        .bind("account", accountId)
        .map((rs, ctx) -> Map.<String, Object>of("companyId", rs.getLong(1),
            "employeeId", rs.getLong(2), "role", rs.getString(3), "companyName", rs.getString(4)))
        .list();
    return new LoginAnswer(token, expires.toString(),
        new Accounts.Account(((Number) account.get("id")).longValue(),
            (String) account.get("email"), (String) account.get("name")),
        memberships);
  }

  private void answerLogin(RoutingContext ctx, int status, LoginAnswer answer,
                           Throwable failure) {
    if (failure != null) {
      ctx.fail(failure);
      return;
    }
    ctx.response().addCookie(cookie(answer.token(), tokens.ttl().toSeconds()));
    Blocking.send(ctx, status, answer);
  }

  private Cookie cookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(Auth.COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSecure(secureCookie)
        .setSameSite(CookieSameSite.LAX)
        .setMaxAge(maxAgeSeconds);
  }

  private static String password(Input in) {
    String password = in.secret("password", true, 1024);
    if (password != null && password.length() < 8) {
      in.reject("password", "must be at least 8 characters");
      return null;
    }
    return password;
  }

  /**
   * What signup and login answer.
   *
   * @param token       the bearer token (also set as the session cookie)
   * @param expiresAt   when it expires
   * @param account     the account
   * @param memberships companyId, employeeId, role and companyName of each membership
   */
  public record LoginAnswer(String token, String expiresAt, Accounts.Account account,
                            List<Map<String, Object>> memberships) {
  }

}
