package dev.chatmesh.server.auth;

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

  /** Creates an account; the password must already be hashed. */
  public static Account create(Handle handle, String email, String name, String passwordHash,
                               long now) {
    long id = handle.createQuery("INSERT INTO accounts (email, name, password_hash, created_at) "
            + "VALUES (:email, :name, :hash, :now) RETURNING id")
        .bind("email", email).bind("name", name).bind("hash", passwordHash).bind("now", now)
        .mapTo(Long.class).one();
    return new Account(id, email, name);
  }

  /** Hashes a new password; slow, call it before opening a transaction. */
  public static String hashPassword(String password) {
    return Passwords.hash(password);
  }
}
