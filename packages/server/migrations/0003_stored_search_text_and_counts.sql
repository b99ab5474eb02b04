-- Issue 8, p95 under 20 ms at 100,000 contacts (docs/performance.md). The search text is stored,
-- so a trigram match is rechecked against a column instead of three lower() calls. Every sort
-- field has an index on exactly its ORDER BY, keys then id (list-query.ts), read forwards or
-- backwards; the scope and status columns and the columns under each key ride along (INCLUDE),
-- which lets PostgreSQL page along the index without visiting the table (an index-only scan
-- needs every column the query names, even inside lower()). contact_counts keeps the number of
-- contacts per account and login state, maintained by statement triggers in the same
-- transaction as the change, so the list's exact total without a search is a few rows' sum
-- instead of a count over every contact in scope.

alter table contacts add column search_text text generated always as (lower(first_name || ' ' || last_name) || chr(1) || lower(email) || chr(1) || lower(last_name || ' ' || first_name)) stored;
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
