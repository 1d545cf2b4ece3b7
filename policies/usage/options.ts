import { z } from 'zod';

const registryTarget = z.strictObject({ url: z.string(), graphRef: z.string() }).nullable();

/**
 * Options of the `usage` policy. Only `token` is required: a registry token with the `usage` role
 * (`atrium token create --role usage`), or `ATRIUM_USAGE_TOKEN`. The registry and graph default to the ones the
 * hub loads its supergraph from.
 */
export const usageOptions = z.strictObject({
  /** A `usage` token of the registry; never logged. */
  token: z.string({ error: 'required: a registry token with the usage role (or ATRIUM_USAGE_TOKEN)' }).min(1),
  /** Registry base URL; default: `supergraph.registry.url`. Required when the hub serves a supergraph file. */
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** `graph@variant` to report to; default: the graph the hub serves. */
  graph: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_-]{0,63}(@[A-Za-z][A-Za-z0-9_-]{0,63})?$/,
      'must be a graph ref like "shop@prod"',
    )
    .optional(),
  /** How often the aggregate is sealed and sent. Default 10 s: the most a hub killed with SIGKILL loses. */
  flushIntervalMs: z.number().int().min(10).max(600_000).default(10_000),
  /** Deadline of one request to the registry. */
  timeoutMs: z.number().int().positive().default(5_000),
  /** Ceiling of the backoff between failed sends. */
  maxBackoffMs: z.number().int().positive().default(60_000),
  /** Aggregate entries (minute × operation × client × version) kept in memory before a batch is sealed early. */
  maxKeys: z.number().int().positive().max(1_000_000).default(5_000),
  /** Documents whose coordinates are cached, per supergraph. */
  maxDocuments: z.number().int().min(0).default(1_000),
  spool: z
    .strictObject({
      /** Default: `<lastKnownGood.dir>/usage-spool`. */
      dir: z.string().min(1).optional(),
      /** Bound of the spool; a batch that does not fit is dropped and counted. Default 64 MiB. */
      maxBytes: z
        .number()
        .int()
        .positive()
        .default(64 * 1024 * 1024),
    })
    .prefault({}),
  /**
   * Off by default (every request counted: aggregation makes full counts cheap). `oneIn: n` records one request
   * in n at random, counted n times, and always the first of each operation × client × version in a flush
   * window, counted once: counts become estimates, no operation goes unseen.
   */
  sampling: z.strictObject({ oneIn: z.number().int().min(1).max(1_000_000).default(1) }).prefault({}),
  clientNameHeader: z.string().min(1).toLowerCase().default('apollographql-client-name'),
  clientVersionHeader: z.string().min(1).toLowerCase().default('apollographql-client-version'),
  /** Inherited from the hub: its data directory (`lastKnownGood.dir`). */
  dataDir: z.string().default('.atrium/hub'),
  /** Inherited from the hub: the registry its supergraph comes from, if any. */
  supergraphRegistry: registryTarget.default(null),
});

export type UsageOptions = z.output<typeof usageOptions>;
export type UsageOptionsInput = z.input<typeof usageOptions>;
