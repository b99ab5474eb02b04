-- Rate limits move from each process's memory to the database (src/rate-limit.ts), so N
-- processes behind one load balancer allow an attempt as often as one would. One row per rule
-- and key: the recent attempts (at most the rule's limit of them) and when the row may go.
-- The key is hashed: it is what a client typed or where it came from, never kept as such.
create table rate_limits (
  rule text not null,
  key_hash text not null,
  hits timestamptz[] not null,
  refused boolean not null default false,
  expires_at timestamptz not null,
  primary key (rule, key_hash)
);
create index rate_limits_expires_at on rate_limits (expires_at);
