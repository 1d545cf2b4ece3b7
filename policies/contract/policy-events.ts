/**
 * What a policy tells the hub about its decisions, for the hub's metrics (`GET /metrics`, docs/metrics.md).
 * Policies never import a metrics library: they call `deps.events.record(...)` with one of these typed events,
 * and the hub turns it into a counter increment (or nothing at all when metrics are off). Every label value an
 * event carries comes from a closed set the policy defines (an error code, a limit's name, a cache's name),
 * never from client input, so the metrics' cardinality stays bounded.
 */

/** The caches whose hit ratios the hub reports. */
export type ObservedCache = 'plans' | 'authz-decisions' | 'verified-tokens';

export type PolicyEvent =
  /** `auth` refused a token; `reason` is a closed set (`invalid_token`, `expired`, `issuer_unavailable`, …). */
  | { readonly kind: 'auth-failure'; readonly reason: string }
  /** `field-authz` removed or refused fields of an operation; `fields` is how many. */
  | { readonly kind: 'field-authz-denial'; readonly fields: number }
  /** `limits` refused (or, in measure mode, would have refused) an operation; `limit` is the limit's name. */
  | { readonly kind: 'limit-refusal'; readonly limit: string; readonly enforced: boolean }
  /** `quotas` refused an operation; `quota` is `rate`, `budget` or `store`. */
  | { readonly kind: 'quota-refusal'; readonly quota: string; readonly enforced: boolean }
  /** `quotas` served a request with its shared store unreachable (counted in this process only). */
  | { readonly kind: 'quota-fail-open' }
  /** `persisted-operations` did not find the operation a request named (or refused an unregistered one). */
  | { readonly kind: 'persisted-operation-miss'; readonly reason: string }
  /** `usage` sent a batch to the registry, will retry it, or wrote it to its spool. */
  | { readonly kind: 'usage-batch'; readonly result: 'sent' | 'retried' | 'spooled' | 'dropped' }
  /** A lookup in one of the hub's caches. */
  | { readonly kind: 'cache-lookup'; readonly cache: ObservedCache; readonly hit: boolean };

export interface PolicyEvents {
  record(event: PolicyEvent): void;
}

/** Events recorded nowhere: what a policy gets when the hub has no metrics (and in unit tests). */
export const NO_POLICY_EVENTS: PolicyEvents = Object.freeze({ record: () => undefined });
