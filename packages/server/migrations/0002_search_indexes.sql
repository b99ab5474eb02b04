-- Search and sorting at scale (100,000 contacts): a trigram index for substring search over
-- names and e-mails, and indexes for the default sort and the account scope.

create extension if not exists pg_trgm;
create index contacts_search_trgm_idx on contacts using gin ((lower(first_name || ' ' || last_name) || chr(1) || lower(email) || chr(1) || lower(last_name || ' ' || first_name)) gin_trgm_ops);
create index contacts_name_sort_idx on contacts (lower(last_name), lower(first_name), id);
create index contacts_email_sort_idx on contacts (lower(email), id);
create index contacts_account_state_idx on contacts (account_id, login_state);
drop index contacts_account_idx;
drop index contacts_name_idx;
drop index contacts_email_idx;
