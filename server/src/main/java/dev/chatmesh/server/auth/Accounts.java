package dev.chatmesh.server.auth;

import dev.chatmesh.server.http.ApiException;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

/** Account rows: people who log in, independent of any company. */
public final class Accounts {

  private Accounts() {
  }

  /**
   * A stored account.
   *
   * @param id    the account id
   * @param email the login e-mail, lower case
   * @param name  the person's name
   */
  public record Account(long id, String email, String name) {
  }

  /** The account with {@code email}, if any. */
  public static Optional<Account> byEmail(Handle handle, String email) {
    return handle.createQuery("SELECT id, email, name FROM accounts WHERE email = :email")
        .bind("email", email)
        .map((rs, ctx) -> new Account(rs.getLong("id"), rs.getString("email"),
            rs.getString("name")))
        .findOne();
  }

  /**
   * Creates an account; the password must already be hashed. 409 when the e-mail is taken,
   * also by a request that created it a moment ago: two signups (or two companies' invites)
   * with one new address race past their "is it taken?" reads, and the loser must not be a 500.
   */
  public static Account create(Handle handle, String email, String name, String passwordHash,
                               long now) {
    long id = handle.createQuery("INSERT INTO accounts (email, name, password_hash, created_at) "
            + "VALUES (:email, :name, :hash, :now) ON CONFLICT (email) DO NOTHING RETURNING id")
        .bind("email", email).bind("name", name).bind("hash", passwordHash).bind("now", now)
        .mapTo(Long.class).findOne()
        .orElseThrow(() -> ApiException.conflict("An account with the e-mail " + email
            + " already exists."));
    return new Account(id, email, name);
  }

  /** Hashes a new password; slow, call it before opening a transaction. */
  public static String hashPassword(String password) {
    return Passwords.hash(password);
  }
}
