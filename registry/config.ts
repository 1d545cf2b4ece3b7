import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { RegistryErrors, type InputIssue } from './errors.js';
import { parseAddressRange } from './services/routing-url-policy.js';
import { DEFAULT_DATA_DIR } from './storage/open-database.js';
import type { UsageRetention } from './services/usage-retention.js';
import { oidcOptionsSchema, oidcRolesEnvSchema, type OidcOptionsInput } from './auth/oidc-options.js';
import {
  rangesEnvSchema,
  secretKeySchema,
  webhookOptionsSchema,
  type WebhookOptions,
} from './webhooks/webhook-options.js';

export const DEFAULT_PORT = 4100;
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;
/** How long a check approval applies: 7 days. */
export const DEFAULT_APPROVAL_TTL_SECONDS = 7 * 24 * 3600;

/** Bounds of the schema work a request may cause (docs/registry-api.md, "Limits"). */
export const DEFAULT_MAX_SDL_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_SDL_FIELDS = 10_000;
export const DEFAULT_CHECKS_PER_GRAPH = 4;
export const DEFAULT_SCHEMA_QUEUE_LIMIT = 32;
export const DEFAULT_SCHEMA_TASK_TIMEOUT_MS = 60_000;
/** One core is left to the event loop (HTTP, PGlite); at most 4 workers, each holds its own caches. */
export function defaultSchemaWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

const databaseUrlSchema = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), 'must be a postgres:// URL');
const approvalTtlSchema = z.coerce
  .number()
  .int('must be a whole number of seconds')
  .min(1, 'must be at least 1 second')
  .max(366 * 24 * 3600, 'must be at most 366 days');
const positiveInt = (max: number) => z.number().int().positive().max(max);
const addressRangesSchema = z.array(
  z.string().refine((text) => parseAddressRange(text) !== null, 'must be an IP address or a CIDR range'),
);
/** `ATRIUM_ROUTING_URL_DENY`: comma-separated ranges, or `none` to deny nothing. */
const addressRangesEnv = z
  .string()
  .transform((text) => (text.trim() === 'none' ? [] : text.split(',').map((part) => part.trim())))
  .pipe(addressRangesSchema);
const adminTokenSchema = z
  .string()
  .min(20, 'must be at least 20 characters')
  .regex(/^\S+$/, 'must not contain spaces');

/** Unset and empty variables are the same thing. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  DATABASE_URL: optional(databaseUrlSchema),
  ATRIUM_ADMIN_TOKEN: optional(adminTokenSchema),
  ATRIUM_DATA_DIR: optional(z.string()),
  PORT: optional(z.coerce.number().int().min(0).max(65_535)),
  ATRIUM_APPROVAL_TTL_SECONDS: optional(approvalTtlSchema),
  ATRIUM_ROUTING_URL_DENY: optional(addressRangesEnv),
  ATRIUM_MAX_SDL_BYTES: optional(z.coerce.number().pipe(positiveInt(DEFAULT_BODY_LIMIT))),
  ATRIUM_MAX_SDL_FIELDS: optional(z.coerce.number().pipe(positiveInt(10_000_000))),
  ATRIUM_SCHEMA_WORKERS: optional(z.coerce.number().pipe(positiveInt(64))),
  ATRIUM_SCHEMA_QUEUE_LIMIT: optional(z.coerce.number().pipe(positiveInt(100_000))),
  ATRIUM_CHECKS_PER_GRAPH: optional(z.coerce.number().pipe(positiveInt(10_000))),
  ATRIUM_SCHEMA_TASK_TIMEOUT_MS: optional(z.coerce.number().pipe(positiveInt(3_600_000))),
  ATRIUM_SHUTDOWN_TIMEOUT_MS: optional(z.coerce.number().pipe(z.number().int().min(0).max(3_600_000))),
  ATRIUM_USAGE_HOURLY_DAYS: optional(z.coerce.number().pipe(positiveInt(3660))),
  ATRIUM_USAGE_DAILY_DAYS: optional(z.coerce.number().pipe(positiveInt(3660))),
  NODE_ENV: optional(z.string()),
  ATRIUM_METRICS: optional(z.enum(['on', 'off'])),
  ATRIUM_METRICS_LISTEN: optional(z.enum(['api', 'separate'])),
  ATRIUM_METRICS_HOST: optional(z.string().min(1)),
  ATRIUM_METRICS_PORT: optional(z.coerce.number().int().min(0).max(65_535)),
  ATRIUM_WEBHOOK_ALLOW: optional(rangesEnvSchema),
  ATRIUM_WEBHOOK_DENY: optional(rangesEnvSchema),
  ATRIUM_WEBHOOK_DANGEROUSLY_ALLOW_HTTP: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  ATRIUM_WEBHOOK_SECRET_KEY: optional(secretKeySchema),
  // OpenID Connect sign-in (auth/oidc-options.ts); the issuer turns it on, and then needs the audience.
  ATRIUM_OIDC_ISSUER: optional(z.url()),
  ATRIUM_OIDC_AUDIENCE: optional(z.string().min(1)),
  ATRIUM_OIDC_CLIENT_ID: optional(z.string().min(1)),
  ATRIUM_OIDC_SCOPE: optional(z.string().min(1)),
  ATRIUM_OIDC_PROVIDER_NAME: optional(z.string().min(1).max(60)),
  ATRIUM_OIDC_ROLE_CLAIM: optional(z.string().min(1).max(200)),
  ATRIUM_OIDC_ROLES: optional(oidcRolesEnvSchema),
  ATRIUM_OIDC_TEAM_CLAIM: optional(z.string().min(1).max(200)),
  ATRIUM_OIDC_GRAPHS_CLAIM: optional(z.string().min(1).max(200)),
  ATRIUM_OIDC_CLOCK_TOLERANCE_SECONDS: optional(z.coerce.number().int().min(0).max(300)),
  ATRIUM_OIDC_DANGEROUSLY_ALLOW_HTTP: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
});

/** What the variables of OIDC sign-in need of each other; checked on the raw environment, with the rest. */
function oidcEnvIssues(env: Readonly<Record<string, string | undefined>>): InputIssue[] {
  const set = (name: string) => (env[name] ?? '') !== '';
  const others = Object.keys(env).filter(
    (key) => key.startsWith('ATRIUM_OIDC_') && key !== 'ATRIUM_OIDC_ISSUER' && set(key),
  );
  const issues: InputIssue[] = [];
  if (!set('ATRIUM_OIDC_ISSUER')) {
    if (others.length > 0)
      issues.push({
        path: 'ATRIUM_OIDC_ISSUER',
        message: `is required when ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} set`,
      });
    return issues;
  }
  if (!set('ATRIUM_OIDC_AUDIENCE'))
    issues.push({ path: 'ATRIUM_OIDC_AUDIENCE', message: 'is required with ATRIUM_OIDC_ISSUER' });
  if (
    env.ATRIUM_OIDC_ISSUER?.startsWith('http:') === true &&
    env.ATRIUM_OIDC_DANGEROUSLY_ALLOW_HTTP !== 'true'
  )
    issues.push({
      path: 'ATRIUM_OIDC_ISSUER',
      message:
        'must be https (ATRIUM_OIDC_DANGEROUSLY_ALLOW_HTTP=true allows http, for local development only)',
    });
  return issues;
}

/** The registry's default metrics port, on its separate listener. */
export const DEFAULT_METRICS_PORT = 9465;

/**
 * `GET /metrics` (docs/operations.md): on by default; on the API listener outside production, on a listener of
 * its own (`127.0.0.1:9465`) in production (`NODE_ENV=production`).
 */
export type RegistryMetricsOptions =
  | { readonly enabled: false }
  | { readonly enabled: true; readonly listen: 'api' }
  | { readonly enabled: true; readonly listen: 'separate'; readonly host: string; readonly port: number };

/** The registry's runtime bounds; every one is optional, with the defaults above. */
export interface RuntimeOptions {
  /** How long a check approval applies, in seconds (ATRIUM_APPROVAL_TTL_SECONDS); default 7 days. */
  readonly approvalTtlSeconds?: number;
  /** Literal IP ranges routing URLs may not point into; default DEFAULT_DENIED_RANGES (link-local). */
  readonly routingUrlDeniedRanges?: readonly string[];
  readonly maxSdlBytes?: number;
  readonly maxSdlFields?: number;
  readonly schemaWorkers?: number;
  readonly schemaQueueLimit?: number;
  readonly checksPerGraph?: number;
  readonly schemaTaskTimeoutMs?: number;
  /**
   * On close, how long requests in flight may run before their connections are cut (ATRIUM_SHUTDOWN_TIMEOUT_MS);
   * default 10 s.
   */
  readonly shutdownTimeoutMs?: number;
  /** Usage retention (ATRIUM_USAGE_HOURLY_DAYS, ATRIUM_USAGE_DAILY_DAYS); defaults in services/usage-retention.ts. */
  readonly usageRetention?: Partial<UsageRetention>;
  /** "Now" for usage ingest bounds and reports; tests move it. Default: the system clock. */
  readonly usageClock?: () => Date;
  /** `GET /metrics`; default: on, on the API listener. */
  readonly metrics?: RegistryMetricsOptions;
  /** Webhook delivery and targets (ATRIUM_WEBHOOK_*); defaults in webhooks/webhook-options.ts. */
  readonly webhooks?: Partial<WebhookOptions>;
  /** OpenID Connect sign-in (ATRIUM_OIDC_*): the trusted issuer and the claim mapping; none: registry tokens only. */
  readonly oidc?: OidcOptionsInput;
}

export interface RegistryConfig extends RuntimeOptions {
  /** PostgreSQL connection string; PGlite in `dataDir` when absent. */
  readonly databaseUrl?: string;
  readonly adminToken?: string;
  readonly dataDir: string;
  readonly port: number;
  /** How long a check approval applies (ATRIUM_APPROVAL_TTL_SECONDS), default 7 days. */
  readonly approvalTtlSeconds: number;
}

/** Reads the registry's environment in one place, reporting every problem at once; the result is frozen. */
export function loadRegistryConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): RegistryConfig {
  const parsed = envSchema.safeParse(env);
  const issues = [...(parsed.success ? [] : toIssues(parsed.error)), ...oidcEnvIssues(env)];
  if (!parsed.success || issues.length > 0) throw RegistryErrors.INVALID_CONFIG.create({ issues });
  const { DATABASE_URL, ATRIUM_ADMIN_TOKEN, ATRIUM_DATA_DIR, PORT } = parsed.data;
  const values = parsed.data;
  const runtime: RuntimeOptions = {
    ...(values.ATRIUM_ROUTING_URL_DENY ? { routingUrlDeniedRanges: values.ATRIUM_ROUTING_URL_DENY } : {}),
    ...(values.ATRIUM_MAX_SDL_BYTES ? { maxSdlBytes: values.ATRIUM_MAX_SDL_BYTES } : {}),
    ...(values.ATRIUM_MAX_SDL_FIELDS ? { maxSdlFields: values.ATRIUM_MAX_SDL_FIELDS } : {}),
    ...(values.ATRIUM_SCHEMA_WORKERS ? { schemaWorkers: values.ATRIUM_SCHEMA_WORKERS } : {}),
    ...(values.ATRIUM_SCHEMA_QUEUE_LIMIT ? { schemaQueueLimit: values.ATRIUM_SCHEMA_QUEUE_LIMIT } : {}),
    ...(values.ATRIUM_CHECKS_PER_GRAPH ? { checksPerGraph: values.ATRIUM_CHECKS_PER_GRAPH } : {}),
    ...(values.ATRIUM_SCHEMA_TASK_TIMEOUT_MS
      ? { schemaTaskTimeoutMs: values.ATRIUM_SCHEMA_TASK_TIMEOUT_MS }
      : {}),
    ...(values.ATRIUM_SHUTDOWN_TIMEOUT_MS !== undefined
      ? { shutdownTimeoutMs: values.ATRIUM_SHUTDOWN_TIMEOUT_MS }
      : {}),
    ...(values.ATRIUM_USAGE_HOURLY_DAYS || values.ATRIUM_USAGE_DAILY_DAYS
      ? {
          usageRetention: {
            ...(values.ATRIUM_USAGE_HOURLY_DAYS ? { hourlyDays: values.ATRIUM_USAGE_HOURLY_DAYS } : {}),
            ...(values.ATRIUM_USAGE_DAILY_DAYS ? { dailyDays: values.ATRIUM_USAGE_DAILY_DAYS } : {}),
          },
        }
      : {}),
    ...(values.ATRIUM_WEBHOOK_ALLOW ||
    values.ATRIUM_WEBHOOK_DENY ||
    values.ATRIUM_WEBHOOK_DANGEROUSLY_ALLOW_HTTP ||
    values.ATRIUM_WEBHOOK_SECRET_KEY
      ? {
          webhooks: {
            ...(values.ATRIUM_WEBHOOK_ALLOW ? { allowedRanges: values.ATRIUM_WEBHOOK_ALLOW } : {}),
            ...(values.ATRIUM_WEBHOOK_DENY ? { deniedRanges: values.ATRIUM_WEBHOOK_DENY } : {}),
            ...(values.ATRIUM_WEBHOOK_DANGEROUSLY_ALLOW_HTTP ? { dangerouslyAllowHttp: true } : {}),
            ...(values.ATRIUM_WEBHOOK_SECRET_KEY ? { secretKey: values.ATRIUM_WEBHOOK_SECRET_KEY } : {}),
          },
        }
      : {}),
    ...(values.ATRIUM_OIDC_ISSUER !== undefined && values.ATRIUM_OIDC_AUDIENCE !== undefined
      ? { oidc: oidcOptionsOf(values, values.ATRIUM_OIDC_ISSUER, values.ATRIUM_OIDC_AUDIENCE) }
      : {}),
  };
  return Object.freeze({
    ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
    ...(ATRIUM_ADMIN_TOKEN ? { adminToken: ATRIUM_ADMIN_TOKEN } : {}),
    dataDir: ATRIUM_DATA_DIR ?? DEFAULT_DATA_DIR,
    port: PORT ?? DEFAULT_PORT,
    approvalTtlSeconds: values.ATRIUM_APPROVAL_TTL_SECONDS ?? DEFAULT_APPROVAL_TTL_SECONDS,
    ...runtime,
    metrics: metricsOptionsOf(values),
  });
}

function oidcOptionsOf(
  values: z.output<typeof envSchema>,
  issuer: string,
  audience: string,
): OidcOptionsInput {
  return {
    issuer,
    audience,
    ...(values.ATRIUM_OIDC_CLIENT_ID ? { clientId: values.ATRIUM_OIDC_CLIENT_ID } : {}),
    ...(values.ATRIUM_OIDC_SCOPE ? { scope: values.ATRIUM_OIDC_SCOPE } : {}),
    ...(values.ATRIUM_OIDC_PROVIDER_NAME ? { providerName: values.ATRIUM_OIDC_PROVIDER_NAME } : {}),
    ...(values.ATRIUM_OIDC_ROLE_CLAIM ? { roleClaim: values.ATRIUM_OIDC_ROLE_CLAIM } : {}),
    ...(values.ATRIUM_OIDC_ROLES ? { roles: values.ATRIUM_OIDC_ROLES } : {}),
    ...(values.ATRIUM_OIDC_TEAM_CLAIM ? { teamClaim: values.ATRIUM_OIDC_TEAM_CLAIM } : {}),
    ...(values.ATRIUM_OIDC_GRAPHS_CLAIM ? { graphsClaim: values.ATRIUM_OIDC_GRAPHS_CLAIM } : {}),
    ...(values.ATRIUM_OIDC_CLOCK_TOLERANCE_SECONDS !== undefined
      ? { clockToleranceSeconds: values.ATRIUM_OIDC_CLOCK_TOLERANCE_SECONDS }
      : {}),
    ...(values.ATRIUM_OIDC_DANGEROUSLY_ALLOW_HTTP ? { dangerouslyAllowInsecureHttp: true } : {}),
  };
}

function metricsOptionsOf(values: z.output<typeof envSchema>): RegistryMetricsOptions {
  if (values.ATRIUM_METRICS === 'off') return { enabled: false };
  const listen = values.ATRIUM_METRICS_LISTEN ?? (values.NODE_ENV === 'production' ? 'separate' : 'api');
  if (listen === 'api') return { enabled: true, listen };
  return {
    enabled: true,
    listen,
    host: values.ATRIUM_METRICS_HOST ?? '127.0.0.1',
    port: values.ATRIUM_METRICS_PORT ?? DEFAULT_METRICS_PORT,
  };
}

const optionsSchema = z.object({
  databaseUrl: databaseUrlSchema.optional(),
  dataDir: z.string().min(1).optional(),
  adminToken: adminTokenSchema.optional(),
  bodyLimit: z.number().int().positive().optional(),
  approvalTtlSeconds: approvalTtlSchema.optional(),
  routingUrlDeniedRanges: addressRangesSchema.optional(),
  maxSdlBytes: positiveInt(DEFAULT_BODY_LIMIT).optional(),
  maxSdlFields: positiveInt(10_000_000).optional(),
  schemaWorkers: positiveInt(64).optional(),
  schemaQueueLimit: positiveInt(100_000).optional(),
  checksPerGraph: positiveInt(10_000).optional(),
  schemaTaskTimeoutMs: positiveInt(3_600_000).optional(),
  shutdownTimeoutMs: z.number().int().min(0).max(3_600_000).optional(),
  usageRetention: z
    .strictObject({
      hourlyDays: positiveInt(3660).optional(),
      dailyDays: positiveInt(3660).optional(),
      batchDays: positiveInt(3660).optional(),
      pruneIntervalMs: positiveInt(86_400_000).optional(),
    })
    .optional(),
  metrics: z
    .union([
      z.strictObject({ enabled: z.literal(false) }),
      z.strictObject({ enabled: z.literal(true), listen: z.literal('api') }),
      z.strictObject({
        enabled: z.literal(true),
        listen: z.literal('separate'),
        host: z.string().min(1),
        port: z.number().int().min(0).max(65_535),
      }),
    ])
    .optional(),
  webhooks: webhookOptionsSchema.optional(),
  oidc: oidcOptionsSchema
    .refine((oidc) => !oidc.issuer.startsWith('http:') || oidc.dangerouslyAllowInsecureHttp, {
      message: 'an http: issuer needs dangerouslyAllowInsecureHttp (local development only)',
      path: ['issuer'],
    })
    .optional(),
});

/** Checks the options given to `createRegistry` with the same rules as the environment. */
export function checkRegistryOptions(options: object): void {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw RegistryErrors.INVALID_CONFIG.create({ issues: toIssues(parsed.error) });
}

function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
