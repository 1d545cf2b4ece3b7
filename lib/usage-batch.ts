/**
 * The usage batch a hub sends to the registry (`POST /v1/graphs/:graph/variants/:variant/usage`, docs/usage.md):
 * one zod schema, so that the hub's usage policy (which builds batches) and the registry (which validates them)
 * agree on every field. The registry validates with `usageBatchSchema`; the policy's types are its output.
 */
import { z } from 'zod';

const MAX_TEXT = 256;

export const usageCoordinateSchema = z
  .string()
  .min(3)
  .max(512)
  .regex(/^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*(\([_A-Za-z][_0-9A-Za-z]*:\))?$/, {
    message: 'must be a schema coordinate: Type.field, Type.field(argument:) or Enum.VALUE',
  });
const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a sha256 hex digest' });
const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const sumSchema = z.number().min(0).max(Number.MAX_VALUE);
const countsSchema = z
  .record(usageCoordinateSchema, countSchema)
  .refine((record) => Object.keys(record).length <= 10_000, { message: 'at most 10000 coordinates' });

/** One operation a hub saw, by the sha256 of its normalised signature. */
export const usageOperationSchema = z.strictObject({
  hash: hashSchema,
  name: z.string().max(MAX_TEXT).nullable(),
  type: z.enum(['query', 'mutation', 'subscription']),
  signature: z.string().max(256 * 1024),
  /** The coordinates the document names (variables add more per request: see the entry's `coordinates`). */
  coordinates: z.array(usageCoordinateSchema).max(10_000),
});

/**
 * Requests of one minute × operation × client name × client version × verified client id × registered operation.
 */
export const usageEntrySchema = z.strictObject({
  /** Start of the minute, ms since the epoch (UTC). */
  minute: z
    .number()
    .int()
    .min(0)
    .refine((value) => value % 60_000 === 0, { message: 'must be the start of a minute (ms)' }),
  operation: hashSchema,
  client: z.strictObject({ name: z.string().max(MAX_TEXT), version: z.string().max(MAX_TEXT) }),
  /**
   * The verified client: the id of the client record the hub matched (`policies/clients`), else the OAuth client
   * of the access token (`azp` / `client_id`); `null` for anonymous callers.
   */
  verifiedClientId: z.string().min(1).max(MAX_TEXT).nullable(),
  /** The registered (persisted) operation the requests ran, by id; `null` (or absent, older hubs): none. */
  persistedOperationId: hashSchema.nullable().default(null),
  count: countSchema,
  ok: countSchema,
  errors: countSchema,
  refused: countSchema,
  /** Refused requests by the policy that refused them. */
  refusedBy: z.record(z.string().min(1).max(64), countSchema),
  /** Sums over the requests. */
  durationMs: sumSchema,
  estimatedCost: sumSchema,
  actualCost: sumSchema,
  /** Requests that used each coordinate (inline or through variables). */
  coordinates: countsSchema,
  /** Requests in which field authorization filtered or denied each coordinate. */
  denied: countsSchema,
});

/** At most this many quota observations per batch: a hub keeps one per client record and quota until it seals. */
export const MAX_QUOTA_OBSERVATIONS = 10_000;

const msSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Where one quota of a client record stood at the newest decision the hub saw in the batch's interval: the
 * values of the `RateLimit` field (`remaining` of `capacity`, whole again at `resetAt`). `client` is the id of
 * the client record the hub matched from verified facts (`policies/clients`), never a client-supplied header.
 */
export const quotaObservationSchema = z
  .strictObject({
    client: z.string().min(1).max(MAX_TEXT),
    quota: z.enum(['rate', 'budget']),
    /** The quota per window: `requests` of a rate, `points` of a budget. */
    limit: countSchema,
    windowSeconds: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** The most that may be spent at once: a rate's `burst` (default `requests`), a budget's `points`. */
    capacity: countSchema,
    /** What could be spent at `observedAt`. */
    remaining: countSchema,
    /** When the whole capacity is back (ms since the epoch), if nothing more is spent. */
    resetAt: msSchema,
    /** When the hub saw it (ms since the epoch, the hub's clock). */
    observedAt: msSchema,
  })
  .refine((observation) => observation.remaining <= observation.capacity, {
    message: 'remaining must not exceed capacity',
    path: ['remaining'],
  })
  .refine((observation) => observation.resetAt >= observation.observedAt, {
    message: 'resetAt must not be before observedAt',
    path: ['resetAt'],
  });

export const usageBatchSchema = z.strictObject({
  batchId: z.uuid(),
  /** Requests the hub could not record (its memory bounds were reached). */
  dropped: countSchema.default(0),
  operations: z.array(usageOperationSchema).max(10_000),
  entries: z.array(usageEntrySchema).max(100_000),
  /** Newest quota observation per client record and quota; absent (older hubs, no quotas): none. */
  quotas: z.array(quotaObservationSchema).max(MAX_QUOTA_OBSERVATIONS).optional(),
});

export type UsageOperation = z.output<typeof usageOperationSchema>;
export type UsageEntry = z.output<typeof usageEntrySchema>;
export type QuotaObservation = z.output<typeof quotaObservationSchema>;
export type UsageBatch = z.output<typeof usageBatchSchema>;
