-- Mails leave by SMTP through the outbox (src/mail/relay.ts): what to render, in which
-- language, and whether and when it was sent. Rows written before stay in the outbox only.
alter table outbox add column template jsonb;
alter table outbox add column language text;
alter table outbox add column deliver boolean not null default false;
alter table outbox add column attempts integer not null default 0;
alter table outbox add column attempted_at timestamptz;
alter table outbox add column delivered_at timestamptz;
alter table outbox add column last_error text;
create index outbox_pending on outbox (created_at, id) where deliver and delivered_at is null;
