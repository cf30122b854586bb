-- The schema's only truth. jOOQ classes are generated from this file (DDLDatabase, an in-memory H2
-- reading it), so PostgreSQL-only statements sit between jooq-ignore markers, and strings are
-- varchar rather than text (H2 reads text as a CLOB, which it cannot index; in PostgreSQL the two
-- are the same). Constraints are named, because generated code and ON CONFLICT refer to them.

-- Providers: configuration; the credential is stored only encrypted (AES-GCM, nonce || ciphertext).
CREATE TABLE provider (
  name                varchar        NOT NULL,
  base_url            varchar        NOT NULL,
  compatibility_mode  varchar        NOT NULL DEFAULT 'default',
  profile_overrides   jsonb       NOT NULL DEFAULT '{}',
  auth_type           varchar        NOT NULL,
  auth_username       varchar,
  auth_client_id      varchar,
  auth_token_endpoint varchar,
  auth_scope          varchar,
  secret_ciphertext   bytea,
  settings            jsonb       NOT NULL DEFAULT '{}',
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CONSTRAINT provider_pkey PRIMARY KEY (name)
);

-- The local directory, keyed by the caller's ids.
CREATE TABLE directory_user (
  id           varchar        NOT NULL,
  user_name    varchar        NOT NULL,
  display_name varchar,
  given_name   varchar,
  family_name  varchar,
  email        varchar,
  active       boolean     NOT NULL,
  attributes   jsonb       NOT NULL DEFAULT '{}',
  updated_at   timestamptz NOT NULL,
  CONSTRAINT directory_user_pkey PRIMARY KEY (id)
);

CREATE TABLE directory_group (
  id         varchar        NOT NULL,
  name       varchar        NOT NULL,
  attributes jsonb       NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL,
  CONSTRAINT directory_group_pkey PRIMARY KEY (id)
);

CREATE TABLE directory_membership (
  group_id varchar NOT NULL,
  user_id  varchar NOT NULL,
  CONSTRAINT directory_membership_pkey PRIMARY KEY (group_id, user_id),
  CONSTRAINT directory_membership_group_fkey FOREIGN KEY (group_id)
    REFERENCES directory_group (id) ON DELETE CASCADE,
  CONSTRAINT directory_membership_user_fkey FOREIGN KEY (user_id)
    REFERENCES directory_user (id) ON DELETE CASCADE
);
CREATE INDEX directory_membership_user_idx ON directory_membership (user_id);

-- Per provider and local object: the link to the remote object and what was last written to it.
-- No foreign key to provider: removing a provider removes its rows explicitly, in one transaction.
CREATE TABLE connection (
  provider           varchar        NOT NULL,
  kind               varchar        NOT NULL,
  local_id           varchar        NOT NULL,
  remote_id          varchar,
  written_attributes jsonb       NOT NULL DEFAULT '{}',
  written_member_ids jsonb,
  etag               varchar,
  status             varchar        NOT NULL,
  attempts           integer     NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz,
  last_error         varchar,
  last_error_status  integer,
  updated_at         timestamptz NOT NULL,
  CONSTRAINT connection_pkey PRIMARY KEY (provider, kind, local_id),
  -- NULLs are distinct in PostgreSQL: objects not yet created remotely do not collide
  CONSTRAINT connection_remote_id_key UNIQUE (provider, kind, remote_id)
);

-- The dirty set: one row per provider and object (coalescing by construction). generation counts
-- re-dirtying, so an acknowledgement removes the row only if nothing changed since the claim.
CREATE SEQUENCE change_feed_seq;
CREATE SEQUENCE change_claim_seq;
CREATE TABLE change_feed (
  provider    varchar        NOT NULL,
  kind        varchar        NOT NULL,
  local_id    varchar        NOT NULL,
  seq         bigint      NOT NULL,
  generation  bigint      NOT NULL DEFAULT 1,
  not_before  timestamptz,
  claim_token bigint,
  lease_until timestamptz,
  CONSTRAINT change_feed_pkey PRIMARY KEY (provider, kind, local_id)
);
CREATE INDEX change_feed_order_idx ON change_feed (provider, seq);

-- The sync log: runs and per-object outcomes, pruned by a retention setting.
CREATE TABLE sync_run (
  id          bigint      NOT NULL,
  provider    varchar        NOT NULL,
  kind        varchar        NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  counts      jsonb,
  CONSTRAINT sync_run_pkey PRIMARY KEY (id)
);
CREATE SEQUENCE sync_run_seq;
CREATE INDEX sync_run_provider_idx ON sync_run (provider, id);

CREATE TABLE sync_outcome (
  id       bigint      NOT NULL,
  provider varchar        NOT NULL,
  kind     varchar        NOT NULL,
  local_id varchar        NOT NULL,
  outcome  varchar        NOT NULL,
  detail   varchar        NOT NULL,
  at       timestamptz NOT NULL,
  CONSTRAINT sync_outcome_pkey PRIMARY KEY (id)
);
CREATE SEQUENCE sync_outcome_seq;
CREATE INDEX sync_outcome_provider_idx ON sync_outcome (provider, id);

/* [jooq ignore start] */
-- Keyset paging orders ids by code point (what the in-memory contract reference does), whatever
-- the database's default collation is.
ALTER TABLE directory_user ALTER COLUMN id TYPE varchar COLLATE "C";
ALTER TABLE directory_group ALTER COLUMN id TYPE varchar COLLATE "C";
ALTER TABLE directory_membership ALTER COLUMN group_id TYPE varchar COLLATE "C";
ALTER TABLE directory_membership ALTER COLUMN user_id TYPE varchar COLLATE "C";
ALTER TABLE connection ALTER COLUMN local_id TYPE varchar COLLATE "C";
/* [jooq ignore stop] */
