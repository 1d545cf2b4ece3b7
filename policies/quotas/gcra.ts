/**
 * The generic cell rate algorithm (GCRA, ITU-T I.371's virtual scheduling), as plain functions over one stored
 * number: the theoretical arrival time (TAT), the moment at which everything charged so far would have been
 * paid back at the steady rate. It is a token bucket without a refill timer:
 *
 * - one unit is worth `intervalUs` of time (the window divided by its quota);
 * - a charge of `cost` units moves the TAT `cost × intervalUs` later, starting from now when the TAT is past;
 * - a charge is allowed when the new TAT is at most `capacity × intervalUs` ahead of now (`capacity`: how much may
 *   be spent at once: the burst of a rate, the points of a budget).
 *
 * Time is counted in whole microseconds, so every value is an integer below 2^53 and the same in JavaScript and
 * in the Redis Lua script (redis-scripts.ts), which implements exactly these functions. The memory and Redis
 * stores are compared on the same sequences in test/policies/quotas/store-parity.test.ts.
 *
 * No imports of Node, Redis or the hub: unit-tested on plain numbers.
 */
import { limitProblem, type BudgetLimit, type RateLimit } from '../../lib/quota-limits.js';

export interface GcraLimit {
  /** The time one unit is worth, in whole microseconds (at least 1). */
  readonly intervalUs: number;
  /** How many units may be spent at once, from a full bucket. */
  readonly capacity: number;
}

const MICROS_PER_SECOND = 1_000_000;

function gcraLimit(units: number, windowSeconds: number, capacity: number, burst?: number): GcraLimit {
  const problem = limitProblem(units, windowSeconds, burst);
  if (problem) throw new RangeError(`invalid quota limit (${units} per ${windowSeconds} s): ${problem}`);
  return {
    intervalUs: Math.max(1, Math.round((windowSeconds * MICROS_PER_SECOND) / units)),
    capacity,
  };
}

/** A request rate: one request is worth `window / requests`; `burst` (default `requests`) at once. */
export function rateGcra(rate: RateLimit): GcraLimit {
  return gcraLimit(rate.requests, rate.windowSeconds, rate.burst ?? rate.requests, rate.burst);
}

/** A cost budget: one point is worth `window / points`; the whole budget may be spent at once. */
export function budgetGcra(budget: BudgetLimit): GcraLimit {
  return gcraLimit(budget.points, budget.windowSeconds, budget.points);
}

export interface GcraState {
  /** Units that could be charged now (0 while in debt). */
  readonly remaining: number;
  /** Microseconds until the whole capacity is available again (0 when it is). */
  readonly resetUs: number;
}

export interface GcraDecision extends GcraState {
  readonly allowed: boolean;
  /** The TAT to store: the new one when allowed, the stored one (unchanged, possibly `null`) when refused. */
  readonly tatUs: number | null;
  /** Microseconds until this charge would be allowed: 0 when allowed, `null` when it exceeds the capacity. */
  readonly retryAfterUs: number | null;
}

/** What a stored TAT means now. `tatUs: null`: nothing stored (a full bucket). */
export function gcraState(limit: GcraLimit, tatUs: number | null, nowUs: number): GcraState {
  const ahead = tatUs === null ? 0 : Math.max(0, tatUs - nowUs);
  const free = limit.capacity * limit.intervalUs - ahead;
  return { remaining: free <= 0 ? 0 : Math.floor(free / limit.intervalUs), resetUs: ahead };
}

/**
 * Whether `cost` units may be charged now. A cost of 0 is always allowed and changes nothing (also while the
 * bucket is in debt after an `adjust`). A refusal leaves the state as it was.
 */
export function gcraCheck(limit: GcraLimit, tatUs: number | null, nowUs: number, cost: number): GcraDecision {
  const tau = limit.capacity * limit.intervalUs;
  const base = tatUs === null ? nowUs : Math.max(tatUs, nowUs);
  const next = base + cost * limit.intervalUs;
  const allowed = cost === 0 || next - nowUs <= tau;
  const stored = allowed && cost > 0 ? next : tatUs;
  const state = gcraState(limit, stored, nowUs);
  if (allowed) return { ...state, allowed, tatUs: stored, retryAfterUs: 0 };
  return {
    ...state,
    allowed,
    tatUs: stored,
    retryAfterUs: cost * limit.intervalUs > tau ? null : next - nowUs - tau,
  };
}

/**
 * Charges (`delta > 0`) or refunds (`delta < 0`) units after the fact, without refusing: a charge may put the
 * bucket in debt (the TAT more than the capacity ahead), which refuses later charges until it is paid back; a
 * refund never gives back more than is spent (the TAT does not move before now). Returns the TAT to store, or
 * `null` when nothing is left to store (the bucket is full).
 */
export function gcraAdjust(
  limit: GcraLimit,
  tatUs: number | null,
  nowUs: number,
  delta: number,
): number | null {
  const base = tatUs === null ? nowUs : Math.max(tatUs, nowUs);
  const next = Math.max(nowUs, base + delta * limit.intervalUs);
  return next > nowUs ? next : null;
}
