/**
 * Sliding-window rate limits for sign-in and password reset. Keys are what the client sent
 * (the user ID typed, the address it came from), never whether an account exists, so a limited
 * answer says nothing about accounts. The typed user ID is keyed as the sign-in looks it up
 * (store.ts signInKey), so no spelling of one login counts under another key. In memory: one
 * reference server process.
 */

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

/** Keys remembered at most; beyond this the oldest are forgotten, so memory stays bounded. */
const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimitRule,
    private readonly now: () => Date,
  ) {}

  /** Counts one attempt for `key`; returns the seconds to wait when it is over the limit, else 0. */
  take(key: string): number {
    const at = this.now().getTime();
    const recent = (this.hits.get(key) ?? []).filter((time) => time > at - this.rule.windowMs);
    if (recent.length >= this.rule.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.rule.windowMs - at) / 1000));
    }
    recent.push(at);
    this.hits.delete(key); // re-insert, so Map order is least recently used first
    this.hits.set(key, recent);
    if (this.hits.size > MAX_KEYS) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }
}
