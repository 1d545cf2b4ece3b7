import { z } from 'zod';
import { DEFAULT_KEY_PREFIX, keyPrefixProblem } from './quota-keys.js';

/**
 * Options of the quotas (README.md). The limits themselves are per client, in the registry's client records;
 * these say where they are counted and what clients are told. The hub's configuration maps `REDIS_URL` to
 * `store: { kind: 'redis', url }`; policies never read the environment.
 */

/** The most clients a memory store counts at once (about 100 bytes each). */
export const DEFAULT_MAX_ENTRIES = 100_000;

export const REDIS_STORE_DEFAULTS = {
  timeoutMs: 50,
  failure: 'failOpen',
  unavailableRetryAfterSeconds: 1,
  retryIntervalMs: 250,
  socketTimeoutMs: 1_000,
  connectTimeoutMs: 2_000,
  maxReconnectDelayMs: 2_000,
} as const;

const milliseconds = (fallback: number) => z.number().int().positive().max(600_000).default(fallback);

export const memoryStoreOptions = z.strictObject({
  kind: z.literal('memory'),
  /** The most clients counted at once; beyond it the least recently used is forgotten. Default 100,000. */
  maxEntries: z.number().int().positive().default(DEFAULT_MAX_ENTRIES),
});

export const redisStoreOptions = z.strictObject({
  kind: z.literal('redis'),
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). Never logged. */
  url: z.url({ protocol: /^rediss?$/ }),
  /** Prefix of every key. Default `atrium:quota:`. */
  keyPrefix: z
    .string()
    .max(100)
    .refine((prefix) => keyPrefixProblem(prefix) === null, 'must not contain "{" or "}"')
    .default(DEFAULT_KEY_PREFIX),
  /** Deadline of each call to Redis, connecting included. Default 50 ms. */
  timeoutMs: milliseconds(REDIS_STORE_DEFAULTS.timeoutMs),
  /**
   * When Redis cannot answer in time: `failOpen` (default) serves the request, counted in this process, and
   * reports it (log and metric); `failClosed` refuses it with 503 QUOTA_STORE_UNAVAILABLE and `Retry-After`.
   */
  failure: z.enum(['failOpen', 'failClosed']).default(REDIS_STORE_DEFAULTS.failure),
  /** `Retry-After` of a 503 QUOTA_STORE_UNAVAILABLE. Default 1 s. */
  unavailableRetryAfterSeconds: z
    .number()
    .int()
    .positive()
    .max(3600)
    .default(REDIS_STORE_DEFAULTS.unavailableRetryAfterSeconds),
  /** After a failed call, decide without asking Redis for this long. Default 250 ms. */
  retryIntervalMs: milliseconds(REDIS_STORE_DEFAULTS.retryIntervalMs),
  /** Drop a connection that has not answered a command for this long. Default 1,000 ms. */
  socketTimeoutMs: milliseconds(REDIS_STORE_DEFAULTS.socketTimeoutMs),
  /** Give up a connection attempt after this long. Default 2,000 ms. */
  connectTimeoutMs: milliseconds(REDIS_STORE_DEFAULTS.connectTimeoutMs),
  /** The longest wait between reconnection attempts (they start at 50 ms and double). Default 2,000 ms. */
  maxReconnectDelayMs: milliseconds(REDIS_STORE_DEFAULTS.maxReconnectDelayMs),
  /** The most clients the local count (while Redis cannot answer) keeps. Default 100,000. */
  fallbackMaxEntries: z.number().int().positive().default(DEFAULT_MAX_ENTRIES),
});

export const quotaStoreOptions = z.discriminatedUnion('kind', [memoryStoreOptions, redisStoreOptions]);

export const quotasOptions = z.strictObject({
  /** `enforce` (default) refuses with 429; `measure` counts and reports, and never refuses. */
  mode: z.enum(['measure', 'enforce']).default('enforce'),
  /** Where requests and cost are counted. Default: in this process (`memory`). */
  store: quotaStoreOptions.prefault({ kind: 'memory' }),
  /**
   * After execution: `difference` (default) charges the actual cost minus the estimate (a refund when the
   * operation cost less, a further charge when it cost more); `estimate` keeps the estimate.
   */
  settle: z.enum(['difference', 'estimate']).default('difference'),
  headers: z
    .strictObject({
      /** Whether allowed requests carry `RateLimit-Policy` and `RateLimit` too (refusals always do). Default true. */
      onSuccess: z.boolean().default(true),
      /** The policy names in the fields. Defaults `rate` and `budget`. */
      rateName: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[\x20-\x7e]+$/, 'printable ASCII only')
        .default('rate'),
      budgetName: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[\x20-\x7e]+$/, 'printable ASCII only')
        .default('budget'),
    })
    .prefault({}),
});

export type QuotaStoreOptions = z.output<typeof quotaStoreOptions>;
export type QuotasOptions = z.output<typeof quotasOptions>;
export type QuotasOptionsInput = z.input<typeof quotasOptions>;
