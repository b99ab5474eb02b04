-- A search whose matches all lie in another tenant ("globex" for Acme's administrator: 24,884
-- matches, none in scope) fetched and dropped every one of them: the trigram index knew no
-- scope. Each contact now carries its tenant (the root of its account's tree, as core's
-- tenantOf), set by a trigger on insert and on a move to another account, and with btree_gin
-- the tenant is a column of the search's GIN index: one equality, so the planner always reads it
-- with the trigrams (an `account_id = any(…)` column costs a scan per account, and the planner
-- chose it or not depending on ANALYZE's sample). The scope itself stays the account condition;
-- the tenant condition only narrows the index (ADR 0009, second addendum). The index also serves
-- a search on its own, so it replaces the trigram-only index. contacts_account_state_idx stays:
-- the status filter's rare states (locked, disabled) are read through it.

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
