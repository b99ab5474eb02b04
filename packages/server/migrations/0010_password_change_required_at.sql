-- Issue 17: since when a login's password must change (the invitation mailed, or the temporary or
-- administrator-set password issued), so the contact page can say "since 3 Dec, 14:05".
alter table contacts add column password_change_required_at timestamptz;
-- Logins already waiting: the last change of the contact is the best known date.
update contacts set password_change_required_at = updated_at where password_change_required;
