/**
 * What a quota decision shows the client: the response headers and, for a refusal, the GraphQL error's code,
 * HTTP status and extensions. The hub's catalogue (hub/errors.ts) owns the messages; this file computes the
 * values, so they are tested without a gateway.
 *
 * - One `RateLimit-Policy` item and one `RateLimit` item per limit: `"rate"` (requests) and `"budget"` (cost
 *   units; the draft has no registered unit for them, so the item says `atrium-unit="cost"` and leaves `qu` out).
 * - `t` is when the whole quota is back; for the limit that refused, it is when the request would be allowed,
 *   the same moment as `Retry-After`, as the draft asks.
 * - A request costing more than the whole budget is refused without `Retry-After`: waiting does not help.
 */
import {
  formatRateLimit,
  formatRateLimitPolicy,
  formatRetryAfter,
  type QuotaPolicyItem,
  type ServiceLimitItem,
} from './ratelimit-headers.js';
import type { ConsumeResult, PolicyUsage, QuotaPolicyName } from './quota-store.js';

export interface QuotaResponseOptions {
  /** The policy names in the fields (default `rate` and `budget`). */
  readonly names?: Partial<Record<QuotaPolicyName, string>> | undefined;
  /** Whether allowed requests carry the fields too (default `true`); refusals always do. */
  readonly onSuccess?: boolean | undefined;
}

const DEFAULT_NAMES: Record<QuotaPolicyName, string> = { rate: 'rate', budget: 'budget' };

type Decided = Exclude<ConsumeResult, { status: 'unavailable' }>;

function entries(result: Decided): [QuotaPolicyName, PolicyUsage][] {
  const list: [QuotaPolicyName, PolicyUsage][] = [];
  if (result.rate) list.push(['rate', result.rate]);
  if (result.budget) list.push(['budget', result.budget]);
  return list;
}

function policyItem(policy: QuotaPolicyName, name: string, usage: PolicyUsage): QuotaPolicyItem {
  const extra: [string, string | number][] = [];
  if (policy === 'rate' && usage.capacity !== usage.limit) extra.push(['atrium-burst', usage.capacity]);
  if (policy === 'budget') extra.push(['atrium-unit', 'cost']);
  return { name, quota: usage.limit, windowSeconds: usage.windowSeconds, extra };
}

/** The `t` of a limit: when it would allow the request if it refused it (and can), else when it is full. */
export function resetOf(usage: PolicyUsage): number {
  return !usage.allowed && usage.retryAfterSeconds !== null ? usage.retryAfterSeconds : usage.resetSeconds;
}

function limitItem(name: string, usage: PolicyUsage): ServiceLimitItem {
  return { name, remaining: usage.remaining, resetSeconds: resetOf(usage) };
}

/** The response header fields of a decision (lower-case names), empty when there is nothing to say. */
export function quotaHeaders(
  result: ConsumeResult,
  options: QuotaResponseOptions = {},
): Record<string, string> {
  if (result.status === 'unavailable') return { 'retry-after': formatRetryAfter(result.retryAfterSeconds) };
  if (result.status === 'allowed' && options.onSuccess === false) return {};
  const names = { ...DEFAULT_NAMES, ...options.names };
  const limits = entries(result);
  const headers: Record<string, string> = {};
  if (limits.length > 0) {
    headers['ratelimit-policy'] = formatRateLimitPolicy(
      limits.map(([policy, usage]) => policyItem(policy, names[policy], usage)),
    );
    headers.ratelimit = formatRateLimit(limits.map(([policy, usage]) => limitItem(names[policy], usage)));
  }
  if (result.status === 'refused' && result.retryAfterSeconds !== null) {
    headers['retry-after'] = formatRetryAfter(result.retryAfterSeconds);
  }
  return headers;
}

export type QuotaRefusalCode = 'RATE_LIMITED' | 'BUDGET_EXHAUSTED' | 'QUOTA_STORE_UNAVAILABLE';

export interface QuotaRefusal {
  readonly code: QuotaRefusalCode;
  readonly status: 429 | 503;
  /** The GraphQL error's extensions (besides `code`). */
  readonly extensions: Record<string, string | number | null>;
  readonly headers: Record<string, string>;
}

/** The error a refusal or an unavailable store answers with; `null` for an allowed request. */
export function quotaRefusal(result: ConsumeResult, options: QuotaResponseOptions = {}): QuotaRefusal | null {
  if (result.status === 'allowed') return null;
  const headers = quotaHeaders(result, options);
  if (result.status === 'unavailable') {
    return {
      code: 'QUOTA_STORE_UNAVAILABLE',
      status: 503,
      extensions: { retryAfterSeconds: result.retryAfterSeconds },
      headers,
    };
  }
  const usage = result.refusedBy === 'rate' ? result.rate : result.budget;
  if (!usage) throw new Error(`a refusal by the ${result.refusedBy} without its usage`);
  const names = { ...DEFAULT_NAMES, ...options.names };
  return {
    code: result.refusedBy === 'rate' ? 'RATE_LIMITED' : 'BUDGET_EXHAUSTED',
    status: 429,
    extensions: {
      policy: names[result.refusedBy],
      limit: usage.limit,
      windowSeconds: usage.windowSeconds,
      remaining: usage.remaining,
      resetSeconds: resetOf(usage),
      retryAfterSeconds: result.retryAfterSeconds,
    },
    headers,
  };
}
