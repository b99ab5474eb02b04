create table accounts (
  id text primary key,
  name text not null,
  parent_id text references accounts(id)
);

create table roles (
  id text primary key,
  name text not null,
  description text not null,
  kind text not null,
  position integer not null
);

create table contacts (
  id text primary key,
  account_id text not null references accounts(id),
  honorific text,
  first_name text not null,
  last_name text not null,
  job_title text,
  email text not null,
  business_phone text,
  mobile_phone text,
  language text,
  time_zone text,
  notifications boolean not null default true,
  user_id text,
  login_state text not null default 'none' check (login_state in ('none', 'enabled', 'disabled', 'locked')),
  lock_reason text check (lock_reason in ('admin', 'failed_sign_ins')),
  locked_at timestamptz,
  failed_sign_ins integer not null default 0,
  password_change_required boolean not null default false,
  last_sign_in_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- User IDs are unique across the store, compared case-insensitively.
create unique index contacts_user_id_key on contacts (lower(user_id));
create index contacts_account_idx on contacts (account_id);
create index contacts_name_idx on contacts (lower(first_name || ' ' || last_name));
create index contacts_email_idx on contacts (lower(email));

-- Accounts a partner administrator manages for other companies.
create table partner_links (
  contact_id text not null references contacts(id) on delete cascade,
  account_id text not null references accounts(id) on delete cascade,
  primary key (contact_id, account_id)
);

-- User accounts (logins). One per contact at most; some exist with no contact (seed 003).
create table users (
  id text primary key,
  user_id text not null,
  display_name text not null,
  email text not null,
  password_hash text,
  contact_id text unique references contacts(id) on delete set null,
  created_at timestamptz not null
);
create unique index users_user_id_key on users (lower(user_id));

create table contact_roles (
  contact_id text not null references contacts(id) on delete cascade,
  role_id text not null references roles(id) on delete cascade,
  position integer not null,
  primary key (contact_id, role_id)
);

create table sessions (
  token_hash text primary key,
  user_ref text not null references users(id) on delete cascade,
  contact_id text not null references contacts(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index sessions_contact_idx on sessions (contact_id);

create table password_reset_tokens (
  token_hash text primary key,
  contact_id text not null references contacts(id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);

create table outbox (
  id text primary key,
  contact_id text references contacts(id) on delete set null,
  account_id text,
  recipient text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null
);

-- A retried create with the same key returns the first answer instead of a second contact.
create table idempotency_keys (
  key text not null,
  viewer_contact_id text not null,
  request_hash text not null,
  contact_id text not null,
  response jsonb not null,
  created_at timestamptz not null,
  primary key (key, viewer_contact_id)
);

create table audit_log (
  id text primary key,
  actor_contact_id text,
  action text not null,
  target_type text not null,
  target_id text,
  account_id text,
  before jsonb,
  after jsonb,
  at timestamptz not null
);
create index audit_log_at_idx on audit_log (at);
