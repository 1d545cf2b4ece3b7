/**
 * One request's decision over both limits, and its translation into the store's result. The memory store runs
 * `decideQuota` itself; the Redis script runs the same steps and returns a `RawQuotaDecision` (redis-scripts.ts),
 * which `toConsumeResult` turns into the same `ConsumeResult`.
 */
import { budgetGcra, gcraCheck, gcraState, rateGcra, type GcraLimit } from './gcra.js';
import type { BudgetLimit, RateLimit } from '../../lib/quota-limits.js';
import type { ConsumeRequest, ConsumeResult, PolicyUsage } from './quota-store.js';

export interface RawPolicyDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly resetUs: number;
  /** 0 when allowed, `null` when the cost exceeds the capacity. */
  readonly retryAfterUs: number | null;
}

export interface RawQuotaDecision {
  readonly allowed: boolean;
  readonly rate: RawPolicyDecision | null;
  readonly budget: RawPolicyDecision | null;
}

export interface StoredTats {
  readonly rateTatUs: number | null;
  readonly budgetTatUs: number | null;
}

/** A cost as the stores charge it: whole units, rounded up. Throws for a negative or non-finite cost. */
export function wholeCost(cost: number): number {
  if (!Number.isFinite(cost) || cost < 0)
    throw new RangeError(`a cost must be a finite number ≥ 0, not ${cost}`);
  return Math.ceil(cost);
}

/** A delta as the stores apply it: whole units, rounded away from zero. */
export function wholeDelta(delta: number): number {
  if (!Number.isFinite(delta)) throw new RangeError(`a cost delta must be finite, not ${delta}`);
  return delta < 0 ? -Math.ceil(-delta) : Math.ceil(delta);
}

/** Milliseconds (possibly fractional) to the stores' whole microseconds. */
export function toMicros(ms: number): number {
  return Math.round(ms * 1000);
}

export interface QuotaGcras {
  readonly rate: GcraLimit | null;
  readonly budget: GcraLimit | null;
}

export function gcrasOf(request: Pick<ConsumeRequest, 'rate' | 'budget'>): QuotaGcras {
  return {
    rate: request.rate ? rateGcra(request.rate) : null,
    budget: request.budget ? budgetGcra(request.budget) : null,
  };
}

/**
 * Checks one request against the rate (1 unit) and the budget (`cost` units). Allowed only when both allow;
 * then both are charged (`next`), otherwise neither is and `next` is what was stored.
 */
export function decideQuota(
  gcras: QuotaGcras,
  stored: StoredTats,
  nowUs: number,
  cost: number,
): { decision: RawQuotaDecision; next: StoredTats } {
  const rate = gcras.rate ? gcraCheck(gcras.rate, stored.rateTatUs, nowUs, 1) : null;
  const budget = gcras.budget ? gcraCheck(gcras.budget, stored.budgetTatUs, nowUs, cost) : null;
  const allowed = (rate?.allowed ?? true) && (budget?.allowed ?? true);
  const next: StoredTats = allowed
    ? {
        rateTatUs: rate ? rate.tatUs : stored.rateTatUs,
        budgetTatUs: budget ? budget.tatUs : stored.budgetTatUs,
      }
    : stored;
  const raw = (
    limit: GcraLimit | null,
    decision: typeof rate,
    tat: number | null,
  ): RawPolicyDecision | null => {
    if (!limit || !decision) return null;
    // Refused overall: nothing was charged, so a limit that allowed shows its state as stored.
    const state = gcraState(limit, tat, nowUs);
    return { allowed: decision.allowed, ...state, retryAfterUs: decision.retryAfterUs };
  };
  return {
    decision: {
      allowed,
      rate: raw(gcras.rate, rate, next.rateTatUs),
      budget: raw(gcras.budget, budget, next.budgetTatUs),
    },
    next,
  };
}

const MICROS_PER_SECOND = 1_000_000;

function seconds(us: number): number {
  return Math.ceil(us / MICROS_PER_SECOND);
}

function retrySeconds(raw: RawPolicyDecision): number | null {
  if (raw.allowed) return 0;
  return raw.retryAfterUs === null ? null : Math.max(1, seconds(raw.retryAfterUs));
}

function usage(raw: RawPolicyDecision, limit: number, windowSeconds: number, capacity: number): PolicyUsage {
  return {
    limit,
    windowSeconds,
    capacity,
    remaining: raw.remaining,
    resetSeconds: seconds(raw.resetUs),
    allowed: raw.allowed,
    retryAfterSeconds: retrySeconds(raw),
  };
}

export function rateUsage(raw: RawPolicyDecision, rate: RateLimit): PolicyUsage {
  return usage(raw, rate.requests, rate.windowSeconds, rate.burst ?? rate.requests);
}

export function budgetUsage(raw: RawPolicyDecision, budget: BudgetLimit): PolicyUsage {
  return usage(raw, budget.points, budget.windowSeconds, budget.points);
}

export function toConsumeResult(
  decision: RawQuotaDecision,
  request: Pick<ConsumeRequest, 'rate' | 'budget'>,
  degraded: boolean,
): ConsumeResult {
  const rate = decision.rate && request.rate ? rateUsage(decision.rate, request.rate) : null;
  const budget = decision.budget && request.budget ? budgetUsage(decision.budget, request.budget) : null;
  if (decision.allowed) return { status: 'allowed', rate, budget, degraded };
  const refusing = [rate, budget].filter((entry): entry is PolicyUsage => entry !== null && !entry.allowed);
  const waits = refusing.map((entry) => entry.retryAfterSeconds);
  return {
    status: 'refused',
    refusedBy: rate && !rate.allowed ? 'rate' : 'budget',
    rate,
    budget,
    retryAfterSeconds: waits.includes(null) ? null : Math.max(1, ...(waits as number[])),
    degraded,
  };
}
