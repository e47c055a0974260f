-- The inbox: a company's accounts on messaging platforms, the customers' identities on them,
-- conversations, messages and the queue of agent messages still to be delivered.

-- secret, access_token and verify_token are sealed (AES-256-GCM, key SECRETS_KEY or
-- DATA_DIR/secrets-key): a dump of this table alone does not reveal them.
CREATE TABLE channels (
  id                ${id_pk},
  company_id        BIGINT  NOT NULL REFERENCES companies (id),
  platform          TEXT    NOT NULL,
  name              TEXT    NOT NULL,
  external_id       TEXT    NOT NULL,
  secret            TEXT    NOT NULL,
  access_token      TEXT,
  verify_token      TEXT,
  removed_at        BIGINT,
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX channels_company ON channels (company_id, id);

-- Which customer a platform user is, per channel: the same sender maps to the same customer.
CREATE TABLE channel_identities (
  channel_id        BIGINT  NOT NULL REFERENCES channels (id),
  platform_user_id  TEXT    NOT NULL,
  company_id        BIGINT  NOT NULL REFERENCES companies (id),
  customer_id       BIGINT  NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  created_at        BIGINT  NOT NULL,
  PRIMARY KEY (channel_id, platform_user_id)
);
CREATE INDEX channel_identities_customer ON channel_identities (customer_id);

-- One thread per customer and channel; a closed one is reopened by the customer's next message.
-- platform_thread_id is what the send API addresses (the user id, or TikTok's conversation id).
CREATE TABLE conversations (
  id                  ${id_pk},
  company_id          BIGINT  NOT NULL REFERENCES companies (id),
  channel_id          BIGINT  NOT NULL REFERENCES channels (id),
  customer_id         BIGINT  NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  platform_user_id    TEXT    NOT NULL,
  platform_thread_id  TEXT    NOT NULL,
  status              TEXT    NOT NULL DEFAULT 'open',
  assignee_id         BIGINT  REFERENCES employees (id),
  unread_count        INTEGER NOT NULL DEFAULT 0,
  last_message_at     BIGINT,
  last_message_preview TEXT,
  last_customer_message_at BIGINT,
  created_at          BIGINT  NOT NULL,
  updated_at          BIGINT  NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX conversations_thread ON conversations (channel_id, platform_user_id);
CREATE INDEX conversations_company ON conversations (company_id, last_message_at);
CREATE INDEX conversations_customer ON conversations (customer_id);

-- platform_message_id is unique per channel: a platform's retries, racing or not, store one
-- message. Agent messages have none until the platform accepted them.
CREATE TABLE messages (
  id                  ${id_pk},
  company_id          BIGINT  NOT NULL REFERENCES companies (id),
  conversation_id     BIGINT  NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  channel_id          BIGINT  NOT NULL REFERENCES channels (id),
  sender              TEXT    NOT NULL,
  author_id           BIGINT  REFERENCES employees (id),
  content             TEXT    NOT NULL,
  platform_message_id TEXT,
  delivery_status     TEXT,
  delivery_error      TEXT,
  sent_at             BIGINT  NOT NULL,
  created_at          BIGINT  NOT NULL,
  updated_at          BIGINT  NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX messages_platform_id ON messages (channel_id, platform_message_id);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- Agent messages waiting for the platform's send API. A node claims a row (lease_until) before
-- it calls out, so no two nodes send the same message; the row goes when the outcome is final.
CREATE TABLE deliveries (
  message_id          BIGINT  PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  company_id          BIGINT  NOT NULL REFERENCES companies (id),
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     BIGINT  NOT NULL,
  lease_until         BIGINT,
  last_error          TEXT,
  created_at          BIGINT  NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at);
