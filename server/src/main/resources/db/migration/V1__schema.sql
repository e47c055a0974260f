-- One schema for SQLite and PostgreSQL. The only dialect differences are placeholders:
-- ${id_pk} is the auto-generated primary key. Times are epoch milliseconds (BIGINT),
-- JSON is TEXT, booleans are 0/1.

CREATE TABLE companies (
  id            ${id_pk},
  name          TEXT    NOT NULL,
  event_seq     BIGINT  NOT NULL DEFAULT 0,
  history_floor BIGINT  NOT NULL DEFAULT 0,
  created_at    BIGINT  NOT NULL
);

CREATE TABLE accounts (
  id            ${id_pk},
  email         TEXT    NOT NULL UNIQUE,
  name          TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  created_at    BIGINT  NOT NULL
);

CREATE TABLE sessions (
  id          TEXT    PRIMARY KEY,
  account_id  BIGINT  NOT NULL REFERENCES accounts (id),
  created_at  BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE employees (
  id          ${id_pk},
  company_id  BIGINT  NOT NULL REFERENCES companies (id),
  account_id  BIGINT  NOT NULL REFERENCES accounts (id),
  name        TEXT    NOT NULL,
  email       TEXT    NOT NULL,
  role        TEXT    NOT NULL,
  title       TEXT,
  phone       TEXT,
  avatar_url  TEXT,
  removed_at  BIGINT,
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX employees_membership ON employees (company_id, account_id) WHERE removed_at IS NULL;
CREATE INDEX employees_account ON employees (account_id);

CREATE TABLE customers (
  id                    ${id_pk},
  company_id            BIGINT  NOT NULL REFERENCES companies (id),
  name                  TEXT    NOT NULL,
  email                 TEXT,
  phone                 TEXT,
  avatar_url            TEXT,
  tags                  TEXT    NOT NULL DEFAULT '[]',
  assigned_employee_id  BIGINT  REFERENCES employees (id),
  created_at            BIGINT  NOT NULL,
  updated_at            BIGINT  NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_company ON customers (company_id, id);
CREATE INDEX customers_assignee ON customers (assigned_employee_id);

CREATE TABLE notes (
  id           ${id_pk},
  company_id   BIGINT  NOT NULL REFERENCES companies (id),
  customer_id  BIGINT  NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  author_id    BIGINT  NOT NULL REFERENCES employees (id),
  body         TEXT    NOT NULL,
  pinned       INTEGER NOT NULL DEFAULT 0,
  metadata     TEXT    NOT NULL DEFAULT '{}',
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX notes_customer ON notes (company_id, customer_id, id);

CREATE TABLE activities (
  id           ${id_pk},
  company_id   BIGINT  NOT NULL REFERENCES companies (id),
  entity_type  TEXT    NOT NULL,
  entity_id    BIGINT  NOT NULL,
  action       TEXT    NOT NULL,
  description  TEXT    NOT NULL,
  actor_id     BIGINT,
  actor_name   TEXT,
  created_at   BIGINT  NOT NULL
);
CREATE INDEX activities_company ON activities (company_id, id);

CREATE TABLE notifications (
  id            ${id_pk},
  company_id    BIGINT  NOT NULL REFERENCES companies (id),
  kind          TEXT    NOT NULL,
  title         TEXT    NOT NULL,
  message       TEXT,
  action_url    TEXT,
  group_key     TEXT,
  recipient_id  BIGINT  REFERENCES employees (id),
  created_by    BIGINT,
  created_at    BIGINT  NOT NULL
);
CREATE INDEX notifications_company ON notifications (company_id, id);

CREATE TABLE api_keys (
  id          ${id_pk},
  company_id  BIGINT  NOT NULL REFERENCES companies (id),
  name        TEXT    NOT NULL,
  prefix      TEXT    NOT NULL,
  key_hash    TEXT    NOT NULL UNIQUE,
  created_by  BIGINT,
  created_at  BIGINT  NOT NULL,
  revoked_at  BIGINT
);

-- The transactional outbox and durable history: one row per committed event, written in the
-- same transaction as the change. seq comes from companies.event_seq, so it is gap-free.
CREATE TABLE events (
  company_id    BIGINT  NOT NULL,
  seq           BIGINT  NOT NULL,
  type          TEXT    NOT NULL,
  topic         TEXT    NOT NULL,
  recipient_id  BIGINT,
  revokes       BIGINT,
  payload       TEXT    NOT NULL,
  created_at    BIGINT  NOT NULL,
  PRIMARY KEY (company_id, seq)
);
CREATE INDEX events_age ON events (created_at);
