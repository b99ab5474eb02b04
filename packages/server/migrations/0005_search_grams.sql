-- A search of one or two characters ("Li", "Wu", "王") has no trigram, so it tested every contact
-- in scope (about 60 ms for "ll" at 100,000 contacts). A GIN index now holds, behind the tenant,
-- the one- and two-character substrings of each contact's search text (contact_search_grams),
-- without those spanning a field separator or holding a space, which a trimmed term of that
-- length cannot contain; such a search asks it for the term, as longer ones ask for trigrams
-- (ADR 0009, third addendum). An expression index, not a stored column: the grams take no room in
-- the table and are not deduplicated in SQL (GIN keeps each key once per row), and PostgreSQL
-- computes them on insert and on every update that writes the row's index entries, like the
-- search text itself. Contacts already stored are indexed when the index is built.

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
