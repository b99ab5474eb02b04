-- Names sorted linguistically, not by code point. The database's collation is `C` (PGlite's, and
-- the test clusters'), under which lower() sorts by code point: "Đorđe" after "Wei", "Élodie" and
-- "Özdemir" after "Zoë". Every text sort key (list-query.ts SORT_KEYS, the account names) now
-- compares under portico_text, ICU's root collation ('und', CLDR's order, which Intl.Collator
-- follows for Latin, Greek and Cyrillic names); lower() still runs under the database's LC_CTYPE,
-- before the COLLATE. Deterministic (the default): strings ICU finds equal are ordered by their
-- bytes, so the keyset stays a total order. Created here rather than PostgreSQL 16's predefined
-- "unicode", which 15 lacks. Each text sort index is rebuilt under the collation with the same
-- name, keys, id and INCLUDE columns: the planner walks an index only for an ORDER BY of the
-- same expressions in the same collation (ADR 0009, fourth addendum). Status and dates keep theirs.
-- A PostgreSQL built without ICU gets portico_text as a copy of "C" (code-point order, as before)
-- instead of failing the migration.

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
