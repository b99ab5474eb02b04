-- Issue 18: a portal's back end holds an API key of one company (stored hashed) and mints
-- short-lived embed tokens for one contact of it (src/auth/embed.ts).
create table api_keys (
  id text primary key,
  key_hash text not null unique,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  created_at timestamptz not null,
  revoked_at timestamptz
);
create table embed_tokens (
  token_hash text primary key,
  api_key_id text not null references api_keys(id) on delete cascade,
  contact_id text not null references contacts(id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index embed_tokens_expires_idx on embed_tokens (expires_at);
