-- Issue 15: a user account belongs to one company (its tenant, a root account), so only that
-- company's administrators find and associate it, and a password never outlives its contact.
-- An associated account takes its contact's tenant, set by a trigger whenever it is linked and
-- when its contact moves to another company. Existing rows: an associated one from its contact;
-- an unassociated one from the account its contact was deleted from (the contact.delete audit
-- record, whose `before` holds the user ID), and it loses its password, as a deletion now does
-- (app.ts); the demo's own free accounts (core seed.ts: the API creates no others) from the seed.
-- Whatever is left has no company: no administrator sees it, its user ID stays taken, and it
-- has no password. User IDs stay unique across companies (users_user_id_key): sign-in by user ID
-- must name one login (docs/security.md, "User accounts").

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
