/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, draft 11 of May 2026) and
 * `Retry-After` (RFC 9110 §10.2.3).
 *
 * - `RateLimit-Policy` is a List of quota policy Items: a String naming the policy, with `q` (the quota, required),
 *   `qu` (the quota unit: `requests` by default; registered: `content-bytes`, `concurrent-requests`), `w` (the
 *   window in seconds) and `pk` (a partition key, a Byte Sequence). Other parameters are comments; a service's own
 *   carry a vendor prefix (`atrium-burst`).
 * - `RateLimit` is a List of service limit Items: the policy's String, with `r` (remaining quota units, required),
 *   `t` (seconds until the quota resets) and `pk`.
 *
 * `RateLimit-Policy: "permin";q=50;w=60, "perhr";q=1000;w=3600` and `RateLimit: "default";r=50;t=30` are the
 * draft's examples; test/policies/quotas/ratelimit-headers.test.ts formats every one of them.
 */
import { serializeList, type BareItem, type Item } from './structured-fields.js';

export interface QuotaPolicyItem {
  readonly name: string;
  readonly quota: number;
  /** A registered quota unit; left out it means `requests`. */
  readonly unit?: string | undefined;
  readonly windowSeconds?: number | undefined;
  readonly partitionKey?: Uint8Array | undefined;
  /** Vendor parameters (comments to clients), e.g. `['atrium-burst', 20]`, after the draft's own. */
  readonly extra?: readonly (readonly [key: string, value: BareItem])[] | undefined;
}

export interface ServiceLimitItem {
  readonly name: string;
  readonly remaining: number;
  readonly resetSeconds?: number | undefined;
  readonly partitionKey?: Uint8Array | undefined;
}

function nonNegative(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${what} must be an integer ≥ 0, not ${value}`);
  return value;
}

type Params = [string, BareItem][];

export function formatRateLimitPolicy(items: readonly QuotaPolicyItem[]): string {
  return serializeList(
    items.map((item): Item => {
      const params: Params = [['q', nonNegative('q', item.quota)]];
      if (item.unit !== undefined) params.push(['qu', item.unit]);
      if (item.windowSeconds !== undefined) {
        if (!Number.isInteger(item.windowSeconds) || item.windowSeconds <= 0) {
          throw new RangeError(`w must be a positive integer, not ${item.windowSeconds}`);
        }
        params.push(['w', item.windowSeconds]);
      }
      if (item.partitionKey !== undefined) params.push(['pk', item.partitionKey]);
      for (const [key, value] of item.extra ?? []) params.push([key, value]);
      return { value: item.name, params };
    }),
  );
}

export function formatRateLimit(items: readonly ServiceLimitItem[]): string {
  return serializeList(
    items.map((item): Item => {
      const params: Params = [['r', nonNegative('r', item.remaining)]];
      if (item.resetSeconds !== undefined) params.push(['t', nonNegative('t', item.resetSeconds)]);
      if (item.partitionKey !== undefined) params.push(['pk', item.partitionKey]);
      return { value: item.name, params };
    }),
  );
}

/** `Retry-After` as delay-seconds: a whole number of seconds, rounded up. */
export function formatRetryAfter(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`Retry-After must be ≥ 0, not ${seconds}`);
  return String(Math.ceil(seconds));
}
