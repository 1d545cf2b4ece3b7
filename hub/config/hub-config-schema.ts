/**
 * The zod schema of the hub configuration. Defaults that depend on the environment (`production`) are
 * parameters so that the schema itself never reads `process.env`.
 */
import { z } from 'zod';
import {
  clientNameSchema,
  configuredClientRecordsSchema,
  withReservedClients,
} from '../../lib/client-records.js';
import { parseRange } from '../../lib/ip-ranges.js';
import type { PolicyTableEntry } from '../../policies/contract/policy.js';
import type { PoliciesConfig, PolicySettings } from '../pipeline/assemble-pipeline.js';
import type { PolicyConfigKeys } from '../pipeline/table.js';
import type { HubConfig } from './hub-config.js';
import { applyShorthands, configurableOptions, shorthandSchemas } from './policy-shorthands.js';
import { resolveSubgraphsConfig, subgraphsSchema } from './subgraphs-schema.js';
import { metricsSchema, tracingSchema } from './observability-schema.js';

const NAME = '[A-Za-z][A-Za-z0-9_-]{0,63}';
const GRAPH_REF = new RegExp(`^(${NAME})(?:@(${NAME}))?$`);

export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:4100';

const serverSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(4000),
    graphqlPath: z
      .string()
      .regex(/^\/[^?#]*$/, 'must be a path starting with "/"')
      .default('/graphql'),
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /**
     * 32 MiB: twice what one subgraph may answer (`subgraphs.maxResponseBytes`), so an operation served by one
     * subgraph at its limit still reaches the client, with room for what other subgraphs add.
     */
    maxResponseBytes: z
      .number()
      .int()
      .positive()
      .default(32 * 1024 * 1024),
    csrfPrevention: z.boolean().default(true),
    shutdownTimeoutMs: z.number().int().min(0).default(10_000),
    trustedProxies: z
      .array(
        z.string().superRefine((text, ctx) => {
          const parsed = parseRange(text);
          if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${text} ${parsed.problem}` });
        }),
      )
      .max(1_000)
      .default([]),
  })
  .prefault({});

/**
 * Client records of a hub without a registry (`clients.records`; docs/configuration.md). A hub polling the
 * registry takes them from there.
 */
const clientsSchema = z
  .strictObject({
    /** The graph name quotas are counted under (two hubs on one Redis share a limit when it is the same). */
    graph: clientNameSchema.default('local'),
    records: configuredClientRecordsSchema.optional(),
  })
  .prefault({});

/**
 * Defaults, measured on a 2-core machine with the example subgraphs: planning time grows with the selections
 * (fragments expanded): ~0.5 ms each when they fan out across subgraphs (1 200 → 0.5 s, 3 600 → 1.9 s) and
 * superlinearly for sibling aliases (8 000 → 2 s, 60 000 → 50 s). 2 000 keeps a new document's planning
 * around a second in the worst shapes measured, far above real operations (tens to a few hundred fields).
 * 15 000 tokens (Apollo Router's parser default) bounds parsing and validation of what the planner never sees.
 */
const operationsSchema = z
  .strictObject({
    maxTokens: z.number().int().positive().default(15_000),
    maxSelections: z.number().int().positive().default(2_000),
    /** Identical concurrent operations of indistinguishable callers share one execution. */
    deduplicateInFlight: z.boolean().default(true),
    /**
     * Who runs the gateway's query plans: `hub` (hub/graphql/plan-executor/, same answers with less garbage) or
     * `gateway` (@apollo/gateway's own executor).
     */
    executor: z.enum(['hub', 'gateway']).default('hub'),
  })
  .prefault({});

const registrySchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(DEFAULT_REGISTRY_URL),
    graph: z.string({ error: 'required: the graph ref to serve, like "shop@prod"' }).regex(GRAPH_REF, {
      error: 'must be a graph ref like "shop@prod"',
    }),
    token: z
      .string({ error: 'required: a reader token (set ATRIUM_TOKEN or supergraph.registry.token)' })
      .min(1, { error: 'must not be empty' }),
    pollIntervalMs: z.number().int().min(10).default(10_000),
    timeoutMs: z.number().int().positive().default(5_000),
    maxBackoffMs: z.number().int().positive().default(60_000),
  })
  .transform(({ graph, url, ...rest }) => {
    const [, graphName = graph, variant = 'current'] = GRAPH_REF.exec(graph) ?? [];
    return { ...rest, url: url.replace(/\/+$/, ''), graphRef: `${graphName}@${variant}`, graphName, variant };
  });

const supergraphSchema = z
  .strictObject({
    registry: registrySchema.optional(),
    file: z.string().min(1, { error: 'must not be empty' }).optional(),
  })
  .prefault({})
  .transform((value, ctx) => {
    if (value.registry !== undefined && value.file === undefined) {
      return { source: 'registry' as const, registry: value.registry };
    }
    if (value.file !== undefined && value.registry === undefined) {
      return { source: 'file' as const, file: value.file };
    }
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: 'set exactly one supergraph source: "registry" (with "graph") or "file"',
    });
    return z.NEVER;
  });

function policySettingsSchema(entry: PolicyTableEntry): z.ZodType<PolicySettings> {
  if (entry.kind === 'planned') {
    return z
      .strictObject({
        enabled: z.literal(false, { error: `policy "${entry.name}" is not available yet` }).default(false),
      })
      .prefault({})
      .transform(({ enabled }) => ({ enabled, options: {} }));
  }
  const settings = configurableOptions(entry)
    .extend({ enabled: z.boolean().default(entry.enabledByDefault) })
    // `enabled` is a validated boolean; the generic options schema only loses its static type.
    .transform(({ enabled, ...options }) => ({ enabled: enabled === true, options }));
  if (entry.enabledByDefault) return settings.prefault({});
  // A policy that is off unless mentioned may have required options (auth's `issuers`): only validate them
  // when the configuration mentions it.
  return settings.optional().transform((value) => value ?? { enabled: false, options: {} });
}

/** Per policy: `enabled` plus the policy's own options, flat (`{ enabled: true, level: 'debug' }`). */
type PoliciesInput = Readonly<Record<string, { enabled?: boolean; [option: string]: unknown }>> | undefined;

function policiesSchema(table: readonly PolicyTableEntry[]): z.ZodType<PoliciesConfig, PoliciesInput> {
  const shape = Object.fromEntries(table.map((entry) => [entry.name, policySettingsSchema(entry)]));
  const known = table.map((entry) => entry.name).join(', ');
  const policies = z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown policy ${issue.keys.map((key) => `"${key}"`).join(', ')} (known: ${known})`
        : undefined,
  });
  return policies.prefault({}) as z.ZodType<PoliciesConfig, PoliciesInput>;
}

export interface SchemaDefaults {
  readonly production: boolean;
}

/** `full | filtered | off`; `true` and `false` are accepted as `full` and `off`. */
const introspectionSchema = z
  .union([z.enum(['full', 'filtered', 'off']), z.boolean()], {
    error: 'must be "full", "filtered" or "off" (or true / false)',
  })
  .transform((value) => (value === true ? 'full' : value === false ? 'off' : value));

/** The hub's own keys; the policies' top-level keys (`auth`, `limits`, …) come from the table. */
function ownKeysSchema(table: readonly PolicyTableEntry[], defaults: SchemaDefaults) {
  return z.strictObject({
    server: serverSchema,
    supergraph: supergraphSchema,
    lastKnownGood: z.strictObject({ dir: z.string().min(1).default('.atrium/hub') }).prefault({}),
    introspection: introspectionSchema.default(defaults.production ? 'off' : 'full'),
    maskErrors: z.boolean().default(defaults.production),
    subgraphs: subgraphsSchema,
    operations: operationsSchema,
    clients: clientsSchema,
    policies: policiesSchema(table),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    metrics: metricsSchema(defaults.production),
    tracing: tracingSchema,
  });
}

/**
 * What a config file or the overrides may contain, before defaults: the hub's own keys plus the top-level keys
 * of the policies in the hub's table (`auth`, `authorization`, `identityForwarding`, `limits`, …).
 */
export type HubConfigInput = z.input<ReturnType<typeof ownKeysSchema>> & PolicyConfigKeys;

/** The hub configuration schema for a policy table (the hub's own, or a test's). */
export function buildHubConfigSchema(
  table: readonly PolicyTableEntry[],
  defaults: SchemaDefaults,
): z.ZodType<HubConfig, HubConfigInput> {
  const own = ownKeysSchema(table, defaults);
  const schema = own.extend(shorthandSchemas(table)).transform((value, ctx): HubConfig => {
    const config = value as z.output<typeof own> & Readonly<Record<string, unknown>>;
    if (config.supergraph.source === 'registry' && config.clients.records !== undefined) {
      ctx.issues.push({
        code: 'custom',
        input: config.clients.records,
        path: ['clients', 'records'],
        message: 'a hub polling the registry takes its client records from there (`atrium client …`)',
      });
      return z.NEVER;
    }
    return {
      server: config.server,
      supergraph: config.supergraph,
      lastKnownGood: config.lastKnownGood,
      introspection: config.introspection,
      maskErrors: config.maskErrors,
      subgraphs: resolveSubgraphsConfig(config.subgraphs, { maskErrors: config.maskErrors }),
      operations: config.operations,
      clients:
        config.supergraph.source === 'registry'
          ? { source: 'registry', registry: config.supergraph.registry }
          : {
              source: 'config',
              set: withReservedClients({
                graph: config.clients.graph,
                clients: config.clients.records ?? [],
              }),
            },
      policies: applyShorthands(
        {
          ...config,
          dataDir: config.lastKnownGood.dir,
          supergraphRegistry:
            config.supergraph.source === 'registry'
              ? { url: config.supergraph.registry.url, graphRef: config.supergraph.registry.graphRef }
              : null,
        },
        table,
      ),
      logLevel: config.logLevel,
      metrics: config.metrics,
      tracing: config.tracing,
    };
  });
  // The policies' keys are typed by the hub's table (`PolicyConfigKeys`); a test's table may differ.
  return schema as unknown as z.ZodType<HubConfig, HubConfigInput>;
}
