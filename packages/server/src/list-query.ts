import { accountSubtree, tenantOf, ContactStatus, Id, LIMITS, SortDirection, SortField, type Contact, type Viewer } from '@portico/core';
import { z } from 'zod';
import type { Queryable } from './db.js';
import { TEXT_COLLATION } from './migrations.js';
import { notFound } from './problems.js';
import { SEARCH_COLUMN, SEARCH_GRAMS, containsPattern, shortTermOf } from './search.js';
import { CONTACT_SELECT, listAccounts, toContact, type ContactRow } from './store.js';

/**
 * The contact list's query (search, filters, sort, scope) as SQL, shared by `GET /api/contacts`
 * and the export, so both always agree. docs/performance.md has the plans these shapes aim for.
 */

/** The query parameters of the list that are not paging. */
export const ContactQueryParams = z.object({
  // eslint-disable-next-line no-control-regex -- control characters never belong in a search
  q: z.string().max(LIMITS.search).regex(/^[^\u0000-\u001f\u007f]*$/, { error: 'Search text must not contain control characters.' }).optional(),
  status: z.optional(ContactStatus),
  accountId: z.optional(Id),
  includeChildAccounts: z.enum(['true', 'false']).optional(),
  sort: z.optional(SortField),
  order: z.optional(SortDirection),
});
export type ContactQueryParams = z.infer<typeof ContactQueryParams>;

const STATUS_STATES: Record<ContactStatus, string> = { active: 'enabled', disabled: 'disabled', locked: 'locked', none: 'none' };

/**
 * A text sort key under the linguistic collation (migration 6), applied after lower(), which keeps
 * the database's case mapping. Spelled exactly as the sort indexes' expressions, collation included:
 * the planner walks an index only for the same expression in the same collation.
 */
const collated = (expression: string): string => `${expression} collate ${TEXT_COLLATION}`;

/**
 * The sort keys of each field, text in the linguistic order of migration 6 (`collated`): "Đorđe"
 * and "Élodie" sort among the D and E names, not after Z. Ties are broken by `c.id` in the same
 * direction, so a descending list is exactly the ascending one reversed and one index `(keys…, id)`
 * (migrations 3 and 6) serves both directions, forwards or backwards, with no sort step. `account` sorts by a joined name and is
 * paged per account instead (see `accountPage`).
 */
const SORT_KEYS: Record<SortField, { expressions: string[]; type: 'text' | 'timestamptz' }> = {
  name: { expressions: [collated('lower(c.last_name)'), collated('lower(c.first_name)')], type: 'text' },
  firstName: { expressions: [collated('lower(c.first_name)')], type: 'text' },
  lastName: { expressions: [collated('lower(c.last_name)')], type: 'text' },
  email: { expressions: [collated('lower(c.email)')], type: 'text' },
  jobTitle: { expressions: [collated("coalesce(lower(c.job_title), '')")], type: 'text' },
  honorific: { expressions: [collated("coalesce(lower(c.honorific), '')")], type: 'text' },
  account: { expressions: [collated('lower(a.name)')], type: 'text' },
  status: { expressions: ["case c.login_state when 'enabled' then 'active' else c.login_state end"], type: 'text' },
  updatedAt: { expressions: ['c.updated_at'], type: 'timestamptz' },
  createdAt: { expressions: ['c.created_at'], type: 'timestamptz' },
};

/** A resolved list query: the accounts it reaches and its conditions, without paging. */
export interface ContactQuery {
  accountIds: string[];
  /**
   * The tenants of those accounts (the roots of their trees), for a search: the search's indexes
   * (migrations 4 and 5) lead with the tenant, so other tenants' matches are never fetched. It
   * only narrows the index; the scope is `accountIds`.
   */
  tenantIds?: string[] | undefined;
  state?: string | undefined;
  /** The LIKE pattern of the search, when there is one. */
  pattern?: string | undefined;
  /**
   * A search of one or two characters, lower-cased: no trigram, so it is looked up among the
   * contacts' one- and two-character substrings (`SEARCH_GRAMS`, migration 5). The pattern stays
   * the condition; this only lets an index find its candidates.
   */
  shortTerm?: string | undefined;
  sort: SortField;
  direction: 'asc' | 'desc';
}

/** The viewer's query for these parameters; an account outside the viewer's scope is a 404. */
export const resolveContactQuery = async (db: Queryable, viewer: Viewer, params: ContactQueryParams): Promise<ContactQuery> => {
  let accountIds = viewer.scope;
  // Composed (NFC), as every name is stored: "Jose\u0301" finds "José" and the other way round.
  const needle = params.q?.normalize('NFC').trim();
  const accounts = params.accountId || needle ? await listAccounts(db) : [];
  if (params.accountId) {
    if (!viewer.scope.includes(params.accountId)) throw notFound('Account');
    accountIds = params.includeChildAccounts === 'false' ? [params.accountId] : accountSubtree(accounts, params.accountId).filter((id) => viewer.scope.includes(id));
  }
  return {
    accountIds,
    tenantIds: needle ? [...new Set(accountIds.map((id) => tenantOf(accounts, id)))] : undefined,
    state: params.status ? STATUS_STATES[params.status] : undefined,
    pattern: needle ? containsPattern(needle) : undefined,
    shortTerm: needle ? shortTermOf(needle) : undefined,
    sort: params.sort ?? 'name',
    direction: params.order === 'desc' ? 'desc' : 'asc',
  };
};

/** The WHERE clause and its values ($1 is always the account or accounts). */
const whereOf = (query: ContactQuery): { where: string; values: unknown[] } => {
  const { scope, search, values } = conditionsOf(query);
  return { where: [...scope, ...search].join(' and '), values };
};

/**
 * The conditions of the query in two parts over the same values: the scope (accounts, status)
 * and the search (the tenant and the pattern; none without a search).
 */
const conditionsOf = (query: ContactQuery): { scope: string[]; search: string[]; values: unknown[] } => {
  // One account is an equality, so an `(account_id, id)` index returns its contacts in id order.
  const single = query.accountIds.length === 1;
  const scope = [single ? 'c.account_id = $1::text' : 'c.account_id = any($1::text[])'];
  const search: string[] = [];
  const values: unknown[] = [single ? query.accountIds[0] : query.accountIds];
  if (query.state) {
    values.push(query.state);
    scope.push(`c.login_state = $${values.length}`);
  }
  if (query.pattern) {
    if (query.tenantIds && query.tenantIds.length > 0) {
      // Redundant with the accounts, for the index: one tenant is one equality, one index scan.
      values.push(query.tenantIds.length === 1 ? query.tenantIds[0] : query.tenantIds);
      search.push(query.tenantIds.length === 1 ? `c.tenant_id = $${values.length}::text` : `c.tenant_id = any($${values.length}::text[])`);
    }
    if (query.shortTerm) {
      // No trigram under three characters: the term among the row's grams, which the GIN index
      // on (tenant_id, grams) of migration 5 answers. The LIKE below stays the condition.
      values.push(query.shortTerm);
      search.push(`${SEARCH_GRAMS} @> array[$${values.length}::text]`);
    }
    // Always last: `searchPage` tests the first rows against it by position.
    values.push(query.pattern);
    search.push(`c.${SEARCH_COLUMN} like $${values.length}`);
  }
  return { scope, search, values };
};

/**
 * A search's matches as a `materialized` CTE: the fence keeps the plan the whole result would get
 * (the tenant and trigram index for a rare term), while a limit on the rows read from it stops
 * that plan early.
 */
const matchesOf = (query: ContactQuery): { sql: string; values: unknown[] } => {
  const { where, values } = whereOf(query);
  return { sql: `matches as materialized (select c.id, c.account_id, ${keyColumnsOf(query)} from contacts c ${accountJoinOf(query)} where ${where})`, values };
};

/** The accounts joined for the account sort's key (`a.name`); no join for any other sort. */
const accountJoinOf = (query: ContactQuery): string => (query.sort === 'account' ? 'join accounts a on a.id = c.account_id' : '');

const orderByOf = (query: ContactQuery, expressions = SORT_KEYS[query.sort].expressions, id = 'c.id'): string =>
  [...expressions, id].map((expression) => `${expression} ${query.direction}`).join(', ');

/** The sort keys selected as `k0, k1, …`, so an outer query can order by them. */
const keyColumnsOf = (query: ContactQuery): string => SORT_KEYS[query.sort].expressions.map((expression, index) => `${expression} as k${index}`).join(', ');

/** The ORDER BY over the columns of `keyColumnsOf` and `id`. */
const keyOrderOf = (query: ContactQuery): string => orderByOf(query, SORT_KEYS[query.sort].expressions.map((_, index) => `k${index}`), 'id');

/** The contacts with these ids, in this order (ids that vanished meanwhile are left out). */
export const contactsByIds = async (db: Queryable, ids: readonly string[]): Promise<Contact[]> => {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ContactRow>(`${CONTACT_SELECT} where c.id = any($1::text[])`, [ids]);
  const byId = new Map(rows.map((row) => [row.id, toContact(row)]));
  return ids.map((id) => byId.get(id)).filter((contact): contact is Contact => contact !== undefined);
};

/**
 * A search stops counting at this many matches: past it, `total` is this lower bound and
 * `totalExact` is false (ADR 0009). Finding 1,001 matches of a two-letter search tests about 6,300
 * rows (3 ms on PostgreSQL at 100,000 contacts); counting all of them took up to 90 ms. Lists
 * without a search stay exact: their totals come from the counters.
 */
export const SEARCH_COUNT_CAP = 1000;

/** One page of the list and its total, a lower bound when `totalExact` is false (a capped search). */
export interface ListPage {
  items: Contact[];
  total: number;
  totalExact?: false;
}

/**
 * One page of the list and its total. Only ids are sorted and skipped; the full rows (with their
 * roles) are read for the page alone, so a deep page does not build the rows it skips.
 */
export const listPage = async (db: Queryable, query: ContactQuery, { offset, limit }: { offset: number; limit: number }): Promise<ListPage> => {
  const { total, ids, totalExact } = query.pattern
    ? await searchPage(db, query, offset, limit)
    : query.sort === 'account'
      ? await accountPage(db, query, offset, limit)
      : await indexPage(db, query, offset, limit);
  return { items: await contactsByIds(db, ids), total, ...(totalExact === false ? { totalExact } : {}) };
};

interface IdPage {
  total: number;
  ids: string[];
  totalExact?: false;
}

/** The counter rows (migration 3) of the query's accounts and status: exact, and a few rows whatever the count. */
const countersOf = (query: ContactQuery): { where: string; values: unknown[] } =>
  query.state
    ? { where: 'account_id = any($1::text[]) and login_state = $2', values: [query.accountIds, query.state] }
    : { where: 'account_id = any($1::text[])', values: [query.accountIds] };

/** No search: the total is the counters' sum, the page a walk along the sort's index (index-only). */
const indexPage = async (db: Queryable, query: ContactQuery, offset: number, limit: number): Promise<IdPage> => {
  const { where, values } = whereOf(query);
  const counters = countersOf(query);
  const [count, page] = await Promise.all([
    db.query<{ total: number }>(`select coalesce(sum(count), 0)::int as total from contact_counts where ${counters.where}`, counters.values),
    db.query<{ id: string }>(`select c.id from contacts c where ${where} order by ${orderByOf(query)} limit ${limit} offset ${offset}`, values),
  ]);
  return { total: count.rows[0]?.total ?? 0, ids: page.rows.map((row) => row.id) };
};

/** How many rows of the scope a search's walk along the sort's index reads at most before giving up. */
const walkRowsOf = (offset: number, limit: number): number => Math.max(2000, 4 * (offset + limit));

/**
 * How far down the sort the sample check looks (the key of the scope's row at that position): as
 * far as the walk may read, but only up to the page's end on a deep page, where four times the
 * sample cannot fill the page anyway and `deepWalkPays` extrapolates from there.
 */
const boundRowsOf = (offset: number, limit: number): number => (offset + limit > 4 * (SEARCH_COUNT_CAP + 1) ? offset + limit : walkRowsOf(offset, limit));

/**
 * How many rows of the scope, in no particular order, a search tests first (`PROBE_ROWS`), and
 * how many at most when half of those match (`FIRST_ROWS`, twice the cap): a term that common
 * (every e-mail holds "example") finds the cap's sample there, with no index. The share of matches
 * among them also tells `deepWalkPays` how common the term is.
 */
const PROBE_ROWS = 200;
/** A short term matching at least 1 in this many of the probed rows is read without its index. */
const SHORT_COMMON_SHARE = 10;
/** A short term matching at least 1 in this many of the probed rows reads every match without its index. */
const SHORT_DENSE_SHARE = 4;
const FIRST_ROWS = 2 * (SEARCH_COUNT_CAP + 1);

/**
 * A search first reads at most `SEARCH_COUNT_CAP + 1` of its matches, in no particular order:
 * among the scope's first `FIRST_ROWS` rows when they hold that many, otherwise from `matchesOf`,
 * whose `materialized` fence keeps the plan the whole result would get (the tenant and trigram
 * index) while the outer limit stops it early. The first rows are read either way, so the share
 * of matches among them is known; the index read runs only when they fall short (a one-time
 * filter). Either way the cost is bounded by the cap, not by the matches. Up to the cap, those are
 * all the matches: the page is a top-N sort of them and the total is exact. Past it, the page is
 * read along the sort's index (`walkPage`) and the total is a lower bound, unless the sample says
 * the walk would not fill the page: `near` counts the sampled matches among the first rows the
 * walk would read (up to the key of the scope's last such row, an index-only read). None there
 * means the matches cluster further down (every "Müller" sorted by name); few, on a deep page,
 * that the walk would not reach the page. Reading every match is then cheaper than a walk that
 * gives up.
 */
const searchPage = async (db: Queryable, query: ContactQuery, offset: number, limit: number): Promise<IdPage> => {
  const { sql: matches, values } = matchesOf(query);
  const walks = query.sort !== 'account';
  const join = accountJoinOf(query);
  const keys = SORT_KEYS[query.sort].expressions;
  const columns = [...keys.map((_, index) => `k${index}`), 'id'];
  const selected = ['id', 'account_id', ...keys.map((_, index) => `k${index}`)].join(', ');
  const { scope } = conditionsOf(query);
  const pattern = `$${values.length}`;
  // A short term in a tenth or more of the first rows ("an") finds the cap's sample sooner by
  // reading the scope in no order, as before the grams index, than through a bitmap of every match
  // in the tenant; PostgreSQL 15 also joined that bitmap with the accounts' index and two workers
  // (about 20 ms for "an"). So such a term reads the scope without the index (`scanned`); rarer
  // ones read the grams index (`matches`). Both run behind the same one-time filters.
  const common = query.shortTerm ? `(select hits * ${SHORT_COMMON_SHARE} >= tested from probe)` : undefined;
  const scanned = common
    ? `
     scanned as materialized (select c.id, c.account_id, ${keyColumnsOf(query)} from contacts c ${join} where ${scope.join(' and ')} and c.${SEARCH_COLUMN} like ${pattern}),`
    : '';
  const nearSql = walks
    ? `(select count(*)::int from capped where not exists (select 1 from bound)
         or (${columns.join(', ')}) ${query.direction === 'asc' ? '<=' : '>='} (select ${columns.join(', ')} from bound))`
    : 'null';
  const { rows } = await db.query<IdPage & { near: number | null; tested: number; hits: number }>(
    `with first_rows as materialized (
       select c.id, c.account_id, ${keyColumnsOf(query)}, c.${SEARCH_COLUMN} like ${pattern} as hit from contacts c ${join} where ${scope.join(' and ')} limit ${FIRST_ROWS}
     ),
     probe as (select count(*)::int as tested, (count(*) filter (where hit))::int as hits from (select hit from first_rows limit ${PROBE_ROWS}) probe),
     dense as (select hits * 2 >= tested and hits > 0 as dense from probe),
     enough as (
       select (select count(*) from (select 1 from first_rows where hit limit ${SEARCH_COUNT_CAP + 1}) hits) > ${SEARCH_COUNT_CAP}
         or (select count(*) from first_rows) < ${FIRST_ROWS} as enough
     ),
     ${matches},${scanned}
     capped as materialized (
       (select ${selected} from first_rows where hit and (select dense from dense) and (select enough from enough) limit ${SEARCH_COUNT_CAP + 1})
       union all
       (select ${selected} from matches where (not (select dense from dense) or not (select enough from enough))${common ? ` and not ${common}` : ''} limit ${SEARCH_COUNT_CAP + 1})${
         common
           ? `
       union all
       (select ${selected} from scanned where (not (select dense from dense) or not (select enough from enough)) and ${common} limit ${SEARCH_COUNT_CAP + 1})`
           : ''
       }
     )${
       walks
         ? `, bound as (
       select c.id, ${keyColumnsOf(query)} from contacts c where ${whereOf({ ...query, pattern: undefined }).where}
       order by ${orderByOf(query)} limit 1 offset ${boundRowsOf(offset, limit) - 1}
     )`
         : ''
     }
     select (select count(*)::int from capped) as total,
       array(select id from capped order by ${keyOrderOf(query)} limit ${limit} offset ${offset}) as ids,
       case when (select count(*) from capped) > ${SEARCH_COUNT_CAP} then ${nearSql} end as near,
       (select tested from probe) as tested, (select hits from probe) as hits`,
    values,
  );
  const { total, ids, near, tested, hits } = rows[0] ?? { total: 0, ids: [], near: null, tested: 0, hits: 0 };
  if (total <= SEARCH_COUNT_CAP) return { total, ids };
  // Four times the sampled matches near the start: the sample is a quarter or more of the matches
  // whenever reading all of them is cheap, so a wrong guess costs little either way. A deeper page
  // asks for more matches than that; `deepWalkPays` then estimates how many there are.
  const walk =
    near !== null && (near * 4 >= offset + limit || (near > 0 && hits > 0 && (await deepWalkPays(db, query, { near, share: hits / tested }, offset, limit))));
  const walked = walk ? await walkPage(db, query, offset, limit) : undefined;
  // "More than the cap" on every page, a deep one too: the count stopped there, wherever the page is.
  if (walked) return { total: SEARCH_COUNT_CAP, totalExact: false, ids: walked };
  // A short term in a quarter or more of the first rows is read without the grams: the planner
  // expects most rows to match and filters a sequential scan, running the function on every row
  // that passes the LIKE (about 50 µs each). Rarer ones read their matches from the index.
  return allMatchesPage(db, query.shortTerm && hits * SHORT_DENSE_SHARE >= tested ? { ...query, shortTerm: undefined } : query, offset, limit);
};

/**
 * Whether a walk reaches a deep page (`end` = offset + page size) of a search past the cap more
 * cheaply than reading every match. `near` of the cap's sample lie among the first B rows of the
 * scope in the sort's order (`boundRowsOf`), so about near / (cap + 1) of all matches do, and
 * W / B times that within the W rows the walk may read (`walkRowsOf`). All matches are about the
 * `share` of matches among the scope's first rows (`PROBE_ROWS`, in no order) times the scope's
 * size (the counters). The walk pays when the matches expected within W rows fill the page and it
 * visits fewer rows than half the matches: it reads end / share rows of the scope, and along the
 * sort's index the other accounts' rows in between (a random heap read each), where reading every
 * match costs about half that per match. A wrong guess costs a walk that does not fill the page,
 * after which every match is read.
 */
const deepWalkPays = async (db: Queryable, query: ContactQuery, { near, share }: { near: number; share: number }, offset: number, limit: number): Promise<boolean> => {
  const end = offset + limit;
  const { where, values } = whereOf({ ...query, pattern: undefined });
  // The counters' condition over the same parameters as `where` ($1 the account or accounts, $2 the state).
  const counters = where.replace(/\bc\./g, '');
  const { rows } = await db.query<{ table: number; scope: number }>(
    `select (select coalesce(sum(count), 0)::int from contact_counts) as table,
       (select coalesce(sum(count), 0)::int from contact_counts where ${counters}) as scope`,
    values,
  );
  const { table, scope } = rows[0] ?? { table: 0, scope: 0 };
  if (scope === 0) return false;
  const matches = share * scope;
  const visited = (end / share) * (table / scope);
  const reached = (near / (SEARCH_COUNT_CAP + 1)) * matches * (walkRowsOf(offset, limit) / boundRowsOf(offset, limit));
  return reached >= end && visited < matches / 2;
};

/**
 * A search with many matches, read along the sort's index: the first rows of the scope in the
 * sort's order, each tested against the pattern, until the page is full. Common terms fill a page
 * within a few hundred rows. A term whose matches cluster far down the order (every "Müller" when
 * sorted by name) would walk most of the table, so the walk stops after `rows` rows and the caller
 * falls back to reading every match; `undefined` then.
 */
const walkPage = async (db: Queryable, query: ContactQuery, offset: number, limit: number): Promise<string[] | undefined> => {
  const { where, values } = whereOf({ ...query, pattern: undefined });
  const rows = walkRowsOf(offset, limit);
  values.push(query.pattern);
  // The inner ORDER BY … LIMIT is a walk along the sort's index; the outer query pulls from it
  // only until the page is full (no sort step: the order is the index's).
  const { rows: page } = await db.query<{ id: string }>(
    `select id from (
       select c.id, c.${SEARCH_COLUMN} like $${values.length} as hit, ${keyColumnsOf(query)}
       from contacts c where ${where} order by ${orderByOf(query)} limit ${rows}
     ) walked where hit order by ${keyOrderOf(query)} limit ${limit} offset ${offset}`,
    values,
  );
  return page.length === limit ? page.map((row) => row.id) : undefined;
};

/**
 * Every match read once (from the trigram index when the term has a trigram) for the exact count
 * and a top-N sort of the page. Without the fence the planner may walk a sort index and test every
 * row against the pattern, which for a common substring clustered far down the sort (e.g. "ller")
 * is most of the table.
 */
const allMatchesPage = async (db: Queryable, query: ContactQuery, offset: number, limit: number): Promise<IdPage> => {
  const { sql: matches, values } = matchesOf(query);
  const { rows } = await db.query<IdPage>(
    `with ${matches}
     select (select count(*)::int from matches) as total,
       array(select id from matches order by ${keyOrderOf(query)} limit ${limit} offset ${offset}) as ids`,
    values,
  );
  return rows[0] ?? { total: 0, ids: [] };
};

/** The viewer's accounts grouped by the account sort key (lower-case name, linguistic order), in the sort's order. */
const accountGroups = async (db: Queryable, query: ContactQuery): Promise<string[][]> => {
  const { rows } = await db.query<{ ids: string[] }>(
    `select ${collated('lower(name)')} as k, array_agg(id order by id) as ids from accounts where id = any($1::text[]) group by k order by k ${query.direction}`,
    [query.accountIds],
  );
  return rows.map((row) => row.ids);
};

/**
 * Sorted by account name, the list is the accounts in name order, each account's contacts by id.
 * The counters per account say which accounts a page falls in; each is read along the
 * `(account_id, id)` index from its own offset.
 */
const accountPage = async (db: Queryable, query: ContactQuery, offset: number, limit: number): Promise<IdPage> => {
  const [groups, counts] = await Promise.all([
    accountGroups(db, query),
    db.query<{ account_id: string; count: number }>(`select account_id, sum(count)::int as count from contact_counts where ${countersOf(query).where} group by account_id`, countersOf(query).values),
  ]);
  const countOf = new Map(counts.rows.map((row) => [row.account_id, row.count]));
  let total = 0;
  const ids: string[] = [];
  for (const group of groups) {
    const size = group.reduce((sum, id) => sum + (countOf.get(id) ?? 0), 0);
    const start = total;
    total += size;
    const from = Math.max(offset, start);
    const to = Math.min(offset + limit, total);
    if (from >= to) continue;
    const { where, values } = whereOf({ ...query, accountIds: group });
    const { rows } = await db.query<{ id: string }>(
      `select c.id from contacts c where ${where} order by c.id ${query.direction} limit ${to - from} offset ${from - start}`,
      values,
    );
    ids.push(...rows.map((row) => row.id));
  }
  return { total, ids };
};

/** How many contacts the query matches. */
export const countContacts = async (db: Queryable, query: ContactQuery): Promise<number> => {
  if (query.pattern) {
    // Without the grams (see `keysetPages`): the export counts a common short term too.
    const { where, values } = whereOf({ ...query, shortTerm: undefined });
    const { rows } = await db.query<{ total: number }>(`select count(*)::int as total from contacts c where ${where}`, values);
    return rows[0]?.total ?? 0;
  }
  const counters = countersOf(query);
  const { rows } = await db.query<{ total: number }>(`select coalesce(sum(count), 0)::int as total from contact_counts where ${counters.where}`, counters.values);
  return rows[0]?.total ?? 0;
};

/**
 * Every contact of the query in the list's order, `pageSize` at a time, by keyset: each page
 * starts after the sort key and id of the last row written, never at an offset. The time per page
 * does not grow with the depth, and a contact inserted or deleted meanwhile never makes the
 * reader skip or repeat another one (a contact inserted behind the cursor is not written).
 */
export async function* keysetPages(db: Queryable, query: ContactQuery, pageSize: number): AsyncGenerator<Contact[]> {
  // A page walks the sort's index testing each row: the grams' function would run on every row
  // that passes the LIKE, every contact for "e". The export of a short term reads as before them.
  query = { ...query, shortTerm: undefined };
  if (query.sort === 'account') {
    // One keyset over the ids of each group of accounts, in the groups' name order.
    for (const group of await accountGroups(db, query)) yield* keysetRun(db, query, pageSize, { expressions: [], type: 'text' }, group);
  } else {
    yield* keysetRun(db, query, pageSize, SORT_KEYS[query.sort]);
  }
}

/** Marks the export's page reads, so a test can pause between two of them. */
export const KEYSET_PAGE_TAG = '/* keyset page */';

async function* keysetRun(db: Queryable, query: ContactQuery, pageSize: number, keys: (typeof SORT_KEYS)[SortField], accountIds?: string[]): AsyncGenerator<Contact[]> {
  const { where, values } = whereOf(accountIds ? { ...query, accountIds } : query);
  const columns = [...keys.expressions.map((expression) => (keys.type === 'text' ? expression : `${expression}::text`)), 'c.id'];
  const order = orderByOf(query, keys.expressions);
  let after: string[] | undefined;
  for (;;) {
    const params = [...values];
    let condition = '';
    if (after) {
      // A row comparison over the whole ORDER BY (keys, then id), which the sort's index answers.
      const placeholders = after.map((value, index) => {
        params.push(value);
        return `$${params.length}::${index < keys.expressions.length ? keys.type : 'text'}`;
      });
      condition = ` and (${[...keys.expressions, 'c.id'].join(', ')}) ${query.direction === 'asc' ? '>' : '<'} (${placeholders.join(', ')})`;
    }
    const { rows } = await db.query<{ k: string[] }>(
      `${KEYSET_PAGE_TAG} select array[${columns.join(', ')}] as k from contacts c where ${where}${condition} order by ${order} limit ${pageSize}`,
      params,
    );
    if (rows.length === 0) return;
    const contacts = await contactsByIds(db, rows.map((row) => row.k.at(-1)!));
    if (contacts.length > 0) yield contacts;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.k;
  }
}
