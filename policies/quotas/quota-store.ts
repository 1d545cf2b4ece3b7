/**
 * What the quotas policy asks of a store: one atomic `consume` per request (one request against the rate, the
 * estimated cost against the budget), one `adjust` after execution (the difference between the actual and the
 * estimated cost; or `settle`, the same folded into the next `consume`), and `close`. Implemented in one process by MemoryQuotaStore and across hubs by
 * RedisQuotaStore; both decide with the same GCRA maths (gcra.ts) and answer the same values.
 *
 * Expected outcomes are values: a refusal is `status: 'refused'`, a store that cannot answer (Redis down, with
 * `failClosed`) is `status: 'unavailable'`. `consume` and `adjust` never reject for those.
 */
import type { BudgetLimit, RateLimit } from '../../lib/quota-limits.js';

/** Whose quota: a client record of a graph. Two hubs of one graph share it through Redis. */
export interface QuotaSubject {
  readonly graph: string;
  readonly client: string;
}

export interface ConsumeRequest {
  readonly subject: QuotaSubject;
  /** `null`: no request rate for this client. */
  readonly rate: RateLimit | null;
  /** `null`: no cost budget for this client. */
  readonly budget: BudgetLimit | null;
  /** The estimated cost of the operation, charged against the budget (rounded up to a whole unit, at least 0). */
  readonly cost: number;
  /** The time, in milliseconds since the epoch. Default: the store's clock (RedisQuotaStore: the server's TIME). */
  readonly now?: number | undefined;
}

export type QuotaPolicyName = 'rate' | 'budget';

/** Where one limit stands after the decision: what the `RateLimit` header field and the error extensions show. */
export interface PolicyUsage {
  /** The quota per window: `requests` of a rate, `points` of a budget (the draft's `q`). */
  readonly limit: number;
  readonly windowSeconds: number;
  /** The most that may be spent at once: `burst` of a rate (default `requests`), `points` of a budget. */
  readonly capacity: number;
  /** Units that could be spent now (after this request's charge when it was allowed). */
  readonly remaining: number;
  /** Seconds until the whole capacity is available again (rounded up; 0 when it is). */
  readonly resetSeconds: number;
  /** Whether this limit alone allows the request. */
  readonly allowed: boolean;
  /**
   * Seconds until this limit would allow the request (rounded up, at least 1), 0 when it does, `null` when it
   * never will: the cost exceeds the whole budget.
   */
  readonly retryAfterSeconds: number | null;
}

interface Decided {
  readonly rate: PolicyUsage | null;
  readonly budget: PolicyUsage | null;
  /** The shared store could not answer and a local count decided (`failOpen`). */
  readonly degraded: boolean;
}

export type ConsumeResult =
  | (Decided & { readonly status: 'allowed' })
  | (Decided & {
      readonly status: 'refused';
      /** The limit that refused; the rate when both did. Nothing was charged to either. */
      readonly refusedBy: QuotaPolicyName;
      /** When every refusing limit would allow the request; `null` when one never will. */
      readonly retryAfterSeconds: number | null;
    })
  | {
      /** The shared store could not answer in time and the store fails closed. */
      readonly status: 'unavailable';
      readonly retryAfterSeconds: number;
      readonly reason: string;
    };

export interface AdjustRequest {
  readonly subject: QuotaSubject;
  readonly budget: BudgetLimit;
  /** Units to charge (positive: the operation cost more than estimated) or refund (negative: less). */
  readonly delta: number;
  readonly now?: number | undefined;
}

export type AdjustResult =
  | { readonly status: 'adjusted'; readonly budget: PolicyUsage; readonly degraded: boolean }
  | { readonly status: 'unavailable'; readonly reason: string };

export interface QuotaStore {
  /** Checks the rate and the budget together and charges both, or neither when one refuses. */
  consume(request: ConsumeRequest): Promise<ConsumeResult>;
  /** Charges or refunds the budget after execution; never refuses. */
  adjust(request: AdjustRequest): Promise<AdjustResult>;
  /**
   * `adjust` without waiting for, or costing, a round trip of its own (what the policy calls after execution;
   * `now` is ignored). MemoryQuotaStore adjusts at once; RedisQuotaStore keeps the delta per subject (summed)
   * and sends it with that subject's next `consume`, in the same script call, before its check; the deltas of
   * subjects that make no request within `settleFlushMs` are sent then, and `close()` sends what is left.
   */
  settle(request: AdjustRequest): void;
  close(): Promise<void>;
}
