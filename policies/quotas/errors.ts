/**
 * The error codes of the `quotas` policy (part of the hub's catalogue). The values come from `quotaRefusal`
 * (quota-response.ts); the response header fields (`Retry-After`, `RateLimit-Policy`, `RateLimit`) travel with
 * the error and are left out of its extensions.
 */
import { defineHubError, defineHubErrors } from '../contract/hub-error.js';

type Headers = Readonly<Record<string, string>>;

type Refused = {
  readonly policy: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  readonly resetSeconds: number;
  readonly retryAfterSeconds: number | null;
  readonly headers: Headers;
};

const fields = { headers: ({ headers }: { headers: Headers }) => headers, internal: ['headers'] } as const;

export const QuotasErrors = defineHubErrors({
  RATE_LIMITED: defineHubError<Refused>(
    429,
    "Quotas: the client's record allows `rate.requests` per `rate.windowSeconds` (at most `rate.burst` at once) and this request is over it. Nothing was charged. Headers `Retry-After`, `RateLimit-Policy`, `RateLimit` (draft-ietf-httpapi-ratelimit-headers). Details: `policy`, `limit`, `windowSeconds`, `remaining`, `resetSeconds`, `retryAfterSeconds`.",
    ({ limit, windowSeconds, retryAfterSeconds }) =>
      `Rate limit exceeded: ${limit} requests per ${windowSeconds} s; retry in ${retryAfterSeconds ?? 1} s`,
    fields,
  ),
  BUDGET_EXHAUSTED: defineHubError<Refused>(
    429,
    "Quotas: the operation's estimated cost exceeds what remains of the client's cost budget (`budget.points` per `budget.windowSeconds`); refused before execution, nothing charged. `retryAfterSeconds: null` and no `Retry-After` when the cost exceeds the whole budget. Headers `Retry-After`, `RateLimit-Policy`, `RateLimit`. Details: `policy`, `limit`, `windowSeconds`, `remaining`, `resetSeconds`, `retryAfterSeconds`.",
    ({ limit, windowSeconds, remaining, retryAfterSeconds }) =>
      retryAfterSeconds === null
        ? `The operation costs more than the whole budget of ${limit} points per ${windowSeconds} s`
        : `Cost budget exhausted: ${remaining} of ${limit} points per ${windowSeconds} s left; retry in ${retryAfterSeconds} s`,
    fields,
  ),
  QUOTA_STORE_UNAVAILABLE: defineHubError<{ retryAfterSeconds: number; headers: Headers }>(
    503,
    'Quotas: the shared quota store (Redis) did not answer within `quotas.store.timeoutMs` and the store is configured `failClosed`. Header `Retry-After` (`quotas.store.unavailableRetryAfterSeconds`, 1). With `failOpen` (the default) the request is counted locally instead.',
    ({ retryAfterSeconds }) => `Quotas cannot be checked right now; retry in ${retryAfterSeconds} s`,
    fields,
  ),
});
