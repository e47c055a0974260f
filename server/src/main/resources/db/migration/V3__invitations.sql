-- Invitations: an admin invites an e-mail address; nobody becomes a member until the person
-- accepts (signed in with that address) or redeems the one-time link as a new account.
-- Existing memberships are kept as they are. token_hash is the SHA-256 of the link's token;
-- the token itself is shown once, to the inviting admin.
CREATE TABLE invitations (
  id               ${id_pk},
  company_id       BIGINT  NOT NULL REFERENCES companies (id),
  email            TEXT    NOT NULL,
  role             TEXT    NOT NULL,
  title            TEXT,
  token_hash       TEXT    NOT NULL UNIQUE,
  status           TEXT    NOT NULL,
  invited_by_name  TEXT,
  created_at       BIGINT  NOT NULL,
  expires_at       BIGINT  NOT NULL,
  ended_at         BIGINT
);
-- At most one pending invitation per address and company (a new one replaces the old).
CREATE UNIQUE INDEX invitations_pending ON invitations (company_id, email) WHERE status = 'pending';
CREATE INDEX invitations_email ON invitations (email, status);
