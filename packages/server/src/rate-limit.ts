/**
 * Sliding-window rate limits for sign-in and password reset. Keys are what the client sent
 * (the user ID typed, the address it came from), never whether an account exists, so a limited
 * answer says nothing about accounts. The typed user ID is keyed as the sign-in looks it up
 * (store.ts signInKey), so no spelling of one login counts under another key. Kept in the
 * database, so N server processes on one database allow what one would (docs/deployment.md).
 */
import { sha256 } from './crypto.js';
import type { Queryable } from './db.js';

export interface RateLimitRule {
  /** Attempts allowed within the window. */
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** Sign-in attempts per typed user ID, keyed by signInKey. */
  signInPerUser: RateLimitRule;
  /** Sign-in attempts per client address. */
  signInPerAddress: RateLimitRule;
  /** Password resets an administrator may trigger for one contact. */
  resetPerContact: RateLimitRule;
  /** Attempts to use a reset link per client address. */
  resetConfirmPerAddress: RateLimitRule;
  /** "Forgot password" requests per client address. */
  resetRequestPerAddress: RateLimitRule;
  /** "Forgot password" requests per typed user ID or e-mail address (signInKey), so nobody floods one inbox. */
  resetRequestPerIdentifier: RateLimitRule;
  /** Attempts to change one's own password per signed-in contact (each checks the current password). */
  passwordChangePerContact: RateLimitRule;
}

const MINUTE = 60_000;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signInPerUser: { limit: 10, windowMs: 15 * MINUTE },
  signInPerAddress: { limit: 30, windowMs: MINUTE },
  resetPerContact: { limit: 5, windowMs: 60 * MINUTE },
  resetConfirmPerAddress: { limit: 10, windowMs: MINUTE },
  resetRequestPerAddress: { limit: 10, windowMs: 15 * MINUTE },
  resetRequestPerIdentifier: { limit: 3, windowMs: 60 * MINUTE },
  passwordChangePerContact: { limit: 10, windowMs: 15 * MINUTE },
};

/** How often a process deletes the rows of keys whose window has passed. */
const SWEEP_EVERY_MS = MINUTE;

/**
 * Counts one attempt and decides in one statement, on the row's lock: concurrent attempts from
 * any number of processes take turns, so together they are allowed exactly `limit` per window.
 * The recent attempts (those after $4, the window's start) stay; this one is added only while
 * fewer than the limit remain, and `refused` says which happened.
 */
const TAKE = `
  insert into rate_limits as r (rule, key_hash, hits, refused, expires_at) values ($1, $2, array[$3::timestamptz], $5 < 1, $6)
  on conflict (rule, key_hash) do update set
    hits = array(select hit from unnest(r.hits) hit where hit > $4::timestamptz order by hit)
      || case when (select count(*) from unnest(r.hits) hit where hit > $4::timestamptz) < $5 then array[$3::timestamptz] else array[]::timestamptz[] end,
    refused = (select count(*) from unnest(r.hits) hit where hit > $4::timestamptz) >= $5,
    expires_at = case when (select count(*) from unnest(r.hits) hit where hit > $4::timestamptz) < $5 then $6 else r.expires_at end
  returning refused, hits[1] as oldest`;

/** Rows of windows that have passed; rows another request holds are left for the next sweep. */
const SWEEP = `
  delete from rate_limits where (rule, key_hash) in (
    select rule, key_hash from rate_limits where expires_at < $1 order by expires_at limit 1000 for update skip locked)`;

/**
 * Sliding-window limits kept in the database (table `rate_limits`, migration 10), so every
 * process of a server behind one load balancer counts against the same window.
 */
export class RateLimiter {
  private sweptAt = 0;

  constructor(
    private readonly db: Queryable,
    private readonly now: () => Date,
  ) {}

  /**
   * Counts one attempt for `key` under the rule `name`; returns the seconds to wait when it is over
   * the limit, else 0. `q` is the transaction the attempt belongs to, if any (on PGlite, one
   * connection, a query outside it would wait for it to end).
   */
  async take(name: string, rule: RateLimitRule, key: string, q: Queryable = this.db): Promise<number> {
    const at = this.now().getTime();
    if (at - this.sweptAt >= SWEEP_EVERY_MS || at < this.sweptAt) {
      this.sweptAt = at;
      await q.query(SWEEP, [new Date(at).toISOString()]);
    }
    const { rows } = await q.query<{ refused: boolean; oldest: Date | string | null }>(TAKE, [
      name,
      sha256(`${name}:${key}`),
      new Date(at).toISOString(),
      new Date(at - rule.windowMs).toISOString(),
      rule.limit,
      new Date(at + rule.windowMs).toISOString(),
    ]);
    const row = rows[0];
    if (!row?.refused) return 0;
    const oldest = row.oldest === null ? at : new Date(row.oldest).getTime();
    return Math.max(1, Math.ceil((oldest + rule.windowMs - at) / 1000));
  }
}
