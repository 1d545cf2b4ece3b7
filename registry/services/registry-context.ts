import type { Logger } from 'pino';
import {
  DEFAULT_APPROVAL_TTL_SECONDS,
  DEFAULT_CHECKS_PER_GRAPH,
  DEFAULT_MAX_SDL_BYTES,
  DEFAULT_MAX_SDL_FIELDS,
  DEFAULT_SCHEMA_QUEUE_LIMIT,
  DEFAULT_SCHEMA_TASK_TIMEOUT_MS,
  defaultSchemaWorkers,
  type RuntimeOptions,
} from '../config.js';
import type { Database } from '../storage/database.js';
import { createOidcIssuer, type OidcIssuer } from '../auth/oidc-issuer.js';
import { oidcOptionsSchema } from '../auth/oidc-options.js';
import type { RegistryMetrics } from '../observability/registry-metrics.js';
import { KeyedMutex } from './keyed-mutex.js';
import {
  createRoutingUrlPolicy,
  DEFAULT_DENIED_RANGES,
  type RoutingUrlPolicy,
} from './routing-url-policy.js';
import { SchemaWork } from './schema-work.js';
import { DEFAULT_USAGE_RETENTION, type UsageRetention } from './usage-retention.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { createSecretBox, parseSecretKey } from '../webhooks/secret-box.js';
import { createWebhookTargetPolicy } from '../webhooks/target-policy.js';
import { resolveWebhookOptions } from '../webhooks/webhook-options.js';

/**
 * What every service needs: the database, the in-process locks, the schema workers (composition and diffing
 * off the main thread, with their caches) and the routing-URL policy of this registry.
 */
export interface RegistryContext {
  readonly db: Database;
  readonly variantLocks: KeyedMutex;
  readonly logger: Logger | undefined;
  readonly schemaWork: SchemaWork;
  readonly routingUrls: RoutingUrlPolicy;
  /** How long a check approval applies. */
  readonly approvalTtlSeconds: number;
  /** Usage reporting: what the rollups keep, and the clock of "now" for ingest bounds and reports (tests set it). */
  readonly usage: { readonly retention: UsageRetention; readonly clock: () => Date };
  /** The registry's Prometheus metrics; absent when they are off. */
  readonly metrics?: RegistryMetrics | undefined;
  /** The webhook queue (registry/webhooks/): services and handlers `emit` events to it; it never blocks them. */
  readonly webhooks: WebhookDispatcher;
  /** The trusted OpenID issuer (auth/), when OIDC sign-in is configured: its access tokens are accepted too. */
  readonly oidc?: OidcIssuer | undefined;
}

export function createRegistryContext(
  db: Database,
  logger?: Logger,
  options: RuntimeOptions = {},
  metrics?: RegistryMetrics,
): RegistryContext {
  const webhookOptions = resolveWebhookOptions(options.webhooks);
  return {
    metrics,
    db,
    oidc:
      options.oidc === undefined
        ? undefined
        : createOidcIssuer(oidcOptionsSchema.parse(options.oidc), logger),
    variantLocks: new KeyedMutex(),
    logger,
    schemaWork: new SchemaWork({
      workers: options.schemaWorkers ?? defaultSchemaWorkers(),
      queueLimit: options.schemaQueueLimit ?? DEFAULT_SCHEMA_QUEUE_LIMIT,
      taskTimeoutMs: options.schemaTaskTimeoutMs ?? DEFAULT_SCHEMA_TASK_TIMEOUT_MS,
      maxSdlBytes: options.maxSdlBytes ?? DEFAULT_MAX_SDL_BYTES,
      maxSdlFields: options.maxSdlFields ?? DEFAULT_MAX_SDL_FIELDS,
      checksPerGraph: options.checksPerGraph ?? DEFAULT_CHECKS_PER_GRAPH,
      logger,
    }),
    routingUrls: createRoutingUrlPolicy(options.routingUrlDeniedRanges ?? DEFAULT_DENIED_RANGES),
    approvalTtlSeconds: options.approvalTtlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS,
    usage: {
      retention: { ...DEFAULT_USAGE_RETENTION, ...options.usageRetention },
      clock: options.usageClock ?? (() => new Date()),
    },
    webhooks: new WebhookDispatcher(
      db,
      logger,
      webhookOptions,
      createWebhookTargetPolicy(webhookOptions),
      createSecretBox(webhookOptions.secretKey ? parseSecretKey(webhookOptions.secretKey) : null),
    ),
  };
}
