import type { Database } from './db.js';
import { SEARCH_TEXT } from './search.js';

/**
 * Schema migrations, applied in order and recorded in `schema_version`, so running `migrate`
 * again (every start) changes nothing. Append new steps; never edit an applied one.
 */
const MIGRATIONS: readonly string[] = [
  `
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
  `,
  // Search and sorting at scale (100,000 contacts): a trigram index for substring search over
  // names and e-mails, and indexes for the default sort and the account scope.
  `
  create extension if not exists pg_trgm;
  create index contacts_search_trgm_idx on contacts using gin ((${SEARCH_TEXT}) gin_trgm_ops);
  create index contacts_name_sort_idx on contacts (lower(last_name), lower(first_name), id);
  create index contacts_email_sort_idx on contacts (lower(email), id);
  create index contacts_account_state_idx on contacts (account_id, login_state);
  drop index contacts_account_idx;
  drop index contacts_name_idx;
  drop index contacts_email_idx;
  `,
  // Issue 8, p95 under 20 ms at 100,000 contacts (docs/performance.md). The search text is stored,
  // so a trigram match is rechecked against a column instead of three lower() calls. Every sort
  // field has an index on exactly its ORDER BY, keys then id (list-query.ts), read forwards or
  // backwards; the scope and status columns and the columns under each key ride along (INCLUDE),
  // which lets PostgreSQL page along the index without visiting the table (an index-only scan
  // needs every column the query names, even inside lower()). contact_counts keeps the number of
  // contacts per account and login state, maintained by statement triggers in the same
  // transaction as the change, so the list's exact total without a search is a few rows' sum
  // instead of a count over every contact in scope.
  `
  alter table contacts add column search_text text generated always as (${SEARCH_TEXT}) stored;
  create index contacts_search_text_trgm_idx on contacts using gin (search_text gin_trgm_ops);
  drop index contacts_search_trgm_idx;
  drop index contacts_name_sort_idx;
  drop index contacts_email_sort_idx;
  create index contacts_sort_name_idx on contacts (lower(last_name), lower(first_name), id) include (account_id, login_state, last_name, first_name);
  create index contacts_sort_first_name_idx on contacts (lower(first_name), id) include (account_id, login_state, first_name);
  create index contacts_sort_last_name_idx on contacts (lower(last_name), id) include (account_id, login_state, last_name);
  create index contacts_sort_email_idx on contacts (lower(email), id) include (account_id, login_state, email);
  create index contacts_sort_job_title_idx on contacts ((coalesce(lower(job_title), '')), id) include (account_id, login_state, job_title);
  create index contacts_sort_honorific_idx on contacts ((coalesce(lower(honorific), '')), id) include (account_id, login_state, honorific);
  create index contacts_sort_status_idx on contacts ((case login_state when 'enabled' then 'active' else login_state end), id) include (account_id, login_state);
  create index contacts_sort_updated_idx on contacts (updated_at, id) include (account_id, login_state);
  create index contacts_sort_created_idx on contacts (created_at, id) include (account_id, login_state);
  create index contacts_account_id_idx on contacts (account_id, id) include (login_state);

  create table contact_counts (
    account_id text not null,
    login_state text not null,
    count integer not null,
    primary key (account_id, login_state)
  );
  insert into contact_counts (account_id, login_state, count) select account_id, login_state, count(*) from contacts group by account_id, login_state;
  -- One upsert per statement, in key order so two concurrent writers lock counters in the same order.
  create function contact_counts_insert() returns trigger language plpgsql as $$
  begin
    insert into contact_counts (account_id, login_state, count)
      select account_id, login_state, count(*) from new_rows group by account_id, login_state order by account_id, login_state
      on conflict (account_id, login_state) do update set count = contact_counts.count + excluded.count;
    return null;
  end
  $$;
  create function contact_counts_delete() returns trigger language plpgsql as $$
  begin
    insert into contact_counts (account_id, login_state, count)
      select account_id, login_state, -count(*) from old_rows group by account_id, login_state order by account_id, login_state
      on conflict (account_id, login_state) do update set count = contact_counts.count + excluded.count;
    return null;
  end
  $$;
  create function contact_counts_update() returns trigger language plpgsql as $$
  begin
    insert into contact_counts (account_id, login_state, count)
      select account_id, login_state, sum(delta) from (
        select account_id, login_state, 1 as delta from new_rows
        union all
        select account_id, login_state, -1 as delta from old_rows
      ) changes
      group by account_id, login_state having sum(delta) <> 0 order by account_id, login_state
      on conflict (account_id, login_state) do update set count = contact_counts.count + excluded.count;
    return null;
  end
  $$;
  create trigger contacts_count_insert after insert on contacts referencing new table as new_rows for each statement execute function contact_counts_insert();
  create trigger contacts_count_delete after delete on contacts referencing old table as old_rows for each statement execute function contact_counts_delete();
  create trigger contacts_count_update after update on contacts referencing old table as old_rows new table as new_rows for each statement execute function contact_counts_update();
  `,
  // A search whose matches all lie in another tenant ("globex" for Acme's administrator: 24,884
  // matches, none in scope) fetched and dropped every one of them: the trigram index knew no
  // scope. Each contact now carries its tenant (the root of its account's tree, as core's
  // tenantOf), set by a trigger on insert and on a move to another account, and with btree_gin
  // the tenant is a column of the search's GIN index: one equality, so the planner always reads it
  // with the trigrams (an `account_id = any(…)` column costs a scan per account, and the planner
  // chose it or not depending on ANALYZE's sample). The scope itself stays the account condition;
  // the tenant condition only narrows the index (ADR 0009, second addendum). The index also serves
  // a search on its own, so it replaces the trigram-only index. contacts_account_state_idx stays:
  // the status filter's rare states (locked, disabled) are read through it.
  `
  create extension if not exists btree_gin;
  alter table contacts add column tenant_id text;
  create function contacts_tenant() returns trigger language plpgsql as $$
  begin
    new.tenant_id := (
      with recursive up (id, parent_id) as (
        select id, parent_id from accounts where id = new.account_id
        union
        select a.id, a.parent_id from accounts a join up on a.id = up.parent_id
      )
      select id from up where parent_id is null limit 1
    );
    return new;
  end
  $$;
  create trigger contacts_tenant before insert or update of account_id on contacts for each row execute function contacts_tenant();
  update contacts c set tenant_id = tree.tenant_id from (
    with recursive tree (id, tenant_id) as (
      select id, id from accounts where parent_id is null
      union
      select a.id, tree.tenant_id from accounts a join tree on a.parent_id = tree.id
    )
    select id, tenant_id from tree
  ) tree where tree.id = c.account_id;
  alter table contacts alter column tenant_id set not null;
  create index contacts_tenant_search_idx on contacts using gin (tenant_id, search_text gin_trgm_ops);
  drop index contacts_search_text_trgm_idx;
  `,
  // A search of one or two characters ("Li", "Wu", "王") has no trigram, so it tested every contact
  // in scope (about 60 ms for "ll" at 100,000 contacts). A GIN index now holds, behind the tenant,
  // the one- and two-character substrings of each contact's search text (contact_search_grams),
  // without those spanning a field separator or holding a space, which a trimmed term of that
  // length cannot contain; such a search asks it for the term, as longer ones ask for trigrams
  // (ADR 0009, third addendum). An expression index, not a stored column: the grams take no room in
  // the table and are not deduplicated in SQL (GIN keeps each key once per row), and PostgreSQL
  // computes them on insert and on every update that writes the row's index entries, like the
  // search text itself. Contacts already stored are indexed when the index is built.
  `
  create function contact_search_grams(search_text text) returns text[] language plpgsql immutable strict parallel safe as $$
  declare
    grams text[] := '{}';
    letter text;
    previous text;
  begin
    foreach letter in array string_to_array(search_text, null) loop
      if letter = ' ' or letter = chr(1) then
        previous := null;
        continue;
      end if;
      grams := grams || letter;
      if previous is not null then
        grams := grams || (previous || letter);
      end if;
      previous := letter;
    end loop;
    return grams;
  end
  $$;
  create index contacts_tenant_grams_idx on contacts using gin (tenant_id, (contact_search_grams(search_text)));
  `,
  // Names sorted linguistically, not by code point. The database's collation is `C` (PGlite's, and
  // the test clusters'), under which lower() sorts by code point: "Đorđe" after "Wei", "Élodie" and
  // "Özdemir" after "Zoë". Every text sort key (list-query.ts SORT_KEYS, the account names) now
  // compares under portico_text, ICU's root collation ('und', CLDR's order, which Intl.Collator
  // follows for Latin, Greek and Cyrillic names); lower() still runs under the database's LC_CTYPE,
  // before the COLLATE. Deterministic (the default): strings ICU finds equal are ordered by their
  // bytes, so the keyset stays a total order. Created here rather than PostgreSQL 16's predefined
  // "unicode", which 15 lacks. Each text sort index is rebuilt under the collation with the same
  // name, keys, id and INCLUDE columns: the planner walks an index only for an ORDER BY of the
  // same expressions in the same collation (ADR 0009, fourth addendum). Status and dates keep theirs.
  // A PostgreSQL built without ICU gets portico_text as a copy of "C" (code-point order, as before)
  // instead of failing the migration.
  `
  do $$
  begin
    create collation if not exists portico_text (provider = icu, locale = 'und');
  exception when feature_not_supported then
    create collation if not exists portico_text from "C";
  end
  $$;
  drop index contacts_sort_name_idx;
  drop index contacts_sort_first_name_idx;
  drop index contacts_sort_last_name_idx;
  drop index contacts_sort_email_idx;
  drop index contacts_sort_job_title_idx;
  drop index contacts_sort_honorific_idx;
  create index contacts_sort_name_idx on contacts ((lower(last_name) collate portico_text), (lower(first_name) collate portico_text), id) include (account_id, login_state, last_name, first_name);
  create index contacts_sort_first_name_idx on contacts ((lower(first_name) collate portico_text), id) include (account_id, login_state, first_name);
  create index contacts_sort_last_name_idx on contacts ((lower(last_name) collate portico_text), id) include (account_id, login_state, last_name);
  create index contacts_sort_email_idx on contacts ((lower(email) collate portico_text), id) include (account_id, login_state, email);
  create index contacts_sort_job_title_idx on contacts ((coalesce(lower(job_title), '') collate portico_text), id) include (account_id, login_state, job_title);
  create index contacts_sort_honorific_idx on contacts ((coalesce(lower(honorific), '') collate portico_text), id) include (account_id, login_state, honorific);
  `,
  // Issue 15: a user account belongs to one company (its tenant, a root account), so only that
  // company's administrators find and associate it, and a password never outlives its contact.
  // An associated account takes its contact's tenant, set by a trigger whenever it is linked and
  // when its contact moves to another company. Existing rows: an associated one from its contact;
  // an unassociated one from the account its contact was deleted from (the contact.delete audit
  // record, whose `before` holds the user ID), and it loses its password, as a deletion now does
  // (app.ts); the demo's own free accounts (core seed.ts: the API creates no others) from the seed.
  // Whatever is left has no company: no administrator sees it, its user ID stays taken, and it
  // has no password. User IDs stay unique across companies (users_user_id_key): sign-in by user ID
  // must name one login (docs/security.md, "User accounts").
  `
  alter table users add column tenant_id text references accounts(id);
  create index users_tenant_idx on users (tenant_id, (lower(display_name) collate portico_text), id);
  create function users_tenant() returns trigger language plpgsql as $$
  begin
    if new.contact_id is not null then
      new.tenant_id := (select tenant_id from contacts where id = new.contact_id);
    end if;
    return new;
  end
  $$;
  create trigger users_tenant before insert or update of contact_id on users for each row execute function users_tenant();
  create function contacts_users_tenant() returns trigger language plpgsql as $$
  begin
    update users set tenant_id = new.tenant_id where contact_id = new.id;
    return null;
  end
  $$;
  create trigger contacts_users_tenant after update of account_id on contacts for each row when (old.tenant_id is distinct from new.tenant_id) execute function contacts_users_tenant();
  update users u set tenant_id = c.tenant_id from contacts c where c.id = u.contact_id;
  update users u set tenant_id = deleted.tenant_id, password_hash = null from (
    with recursive tree (id, tenant_id) as (
      select id, id from accounts where parent_id is null
      union
      select a.id, tree.tenant_id from accounts a join tree on a.parent_id = tree.id
    )
    select distinct on (lower(l.before->>'userId')) lower(l.before->>'userId') as user_id, tree.tenant_id
    from audit_log l join tree on tree.id = l.account_id
    where l.action = 'contact.delete' and l.before->>'userId' is not null
    order by lower(l.before->>'userId'), l.at desc
  ) deleted where u.contact_id is null and lower(u.user_id) = deleted.user_id;
  update users u set tenant_id = seed.tenant_id from (values ('u-free-1', 'acme'), ('u-free-2', 'acme'), ('u-free-3', 'globex')) seed (id, tenant_id)
    where u.id = seed.id and u.contact_id is null and u.tenant_id is null and exists (select 1 from accounts a where a.id = seed.tenant_id and a.parent_id is null);
  update users set password_hash = null where contact_id is null and tenant_id is null;
  `,
  // 8: mails leave by SMTP through the outbox (mail/relay.ts): what to render, in which
  // language, and whether and when it was sent. Rows written before stay in the outbox only.
  `
  alter table outbox add column template jsonb;
  alter table outbox add column language text;
  alter table outbox add column deliver boolean not null default false;
  alter table outbox add column attempts integer not null default 0;
  alter table outbox add column attempted_at timestamptz;
  alter table outbox add column delivered_at timestamptz;
  alter table outbox add column last_error text;
  create index outbox_pending on outbox (created_at, id) where deliver and delivered_at is null;
  `,
];

/** The schema version `migrate` brings a database to; `/readyz` answers 503 on any other. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The collation of every text sort key (migration 6): ICU's root order, deterministic. */
export const TEXT_COLLATION = 'portico_text';

/** Tables holding data, children first, for `reset` and for truncation in tests. */
export const DATA_TABLES = [
  'contact_counts',
  'audit_log',
  'idempotency_keys',
  'outbox',
  'password_reset_tokens',
  'sessions',
  'contact_roles',
  'users',
  'partner_links',
  'contacts',
  'roles',
  'accounts',
] as const;

/** Capitals of four scripts and what lower() must make of them for the search to match what people type. */
const CASE_PROBE = 'ÀĞΩЖ';

/**
 * Search compares lower-cased text (search.ts), and PostgreSQL's lower() follows the database's
 * LC_CTYPE: under `C` or `POSIX` it lower-cases ASCII only, and "ол" would never find "Олег".
 * Refuses such a database with what to do instead of answering searches wrongly.
 */
const checkCaseMapping = async (db: Database): Promise<void> => {
  const { rows } = await db.query<{ lowered: string; ctype: string }>(`select lower($1) as lowered, (select datctype from pg_database where datname = current_database()) as ctype`, [CASE_PROBE]);
  const { lowered, ctype } = rows[0]!;
  if (lowered !== CASE_PROBE.toLowerCase()) {
    throw new Error(
      `The database's character type (LC_CTYPE ${ctype}) lower-cases only ASCII letters (lower('${CASE_PROBE}') is '${lowered}'), so searches would miss names like "Ólafur" or "Олег". ` +
        `Create the database with a UTF-8 character type, e.g. CREATE DATABASE portico TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' (or 'en_US.UTF-8'), and point DATABASE_URL at it.`,
    );
  }
};

/** Applies the migrations not yet applied, up to `to` (default: all; tests stop earlier to migrate data written before a step). */
export const migrate = async (db: Database, { to = MIGRATIONS.length }: { to?: number } = {}): Promise<{ from: number; to: number }> => {
  await checkCaseMapping(db);
  await db.query('create table if not exists schema_version (version integer primary key, applied_at timestamptz not null default now())');
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ version: number | null }>('select max(version) as version from schema_version');
    const from = rows[0]?.version ?? 0;
    for (let index = from; index < to; index++) {
      // One statement per query, so the same code runs on `pg` (no multi-statement prepared queries).
      for (const statement of splitStatements(MIGRATIONS[index]!)) await tx.query(statement);
      await tx.query('insert into schema_version (version) values ($1)', [index + 1]);
    }
    return { from, to: Math.max(from, to) };
  });
};

/** The statements of a migration: split at `;`, except inside a `$$` function body. */
const splitStatements = (sql: string): string[] => {
  const text = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  const statements: string[] = [];
  let current = '';
  text.split('$$').forEach((part, index) => {
    // Odd parts are inside $$ … $$.
    if (index % 2 === 1) {
      current += `$$${part}$$`;
      return;
    }
    const pieces = part.split(';');
    current += pieces[0];
    for (const piece of pieces.slice(1)) {
      statements.push(current);
      current = piece;
    }
  });
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter((statement) => statement.length > 0);
};

/** Empties every data table (keeps the schema), for `--reset` and the test server's `reset()`. */
export const truncateAll = async (db: Database): Promise<void> => {
  await db.query(`truncate ${DATA_TABLES.join(', ')}`);
};
