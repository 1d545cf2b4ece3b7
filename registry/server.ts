import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { checkRegistryOptions, DEFAULT_BODY_LIMIT, type RuntimeOptions } from './config.js';
import {
  createClientErrorHandler,
  createErrorHandler,
  handleNotFound,
  MAX_PARAM_LENGTH,
} from './error-handler.js';
import { registryRoutes } from './handlers/index.js';
import { createRegistryContext, type RegistryContext } from './services/registry-context.js';
import { ensureAdminToken } from './services/tokens.js';
import { pruneUsageNow, startUsagePruning } from './services/usage-retention.js';
import { evaluateDeprecationsNow, startDeprecationWatch } from './webhooks/deprecation-watch.js';
import type { Database } from './storage/database.js';
import { openDatabase } from './storage/open-database.js';
import { metricsRoute, startMetricsServer, type MetricsRoute } from '../lib/metrics-endpoint.js';
import { RegistryMetrics } from './observability/registry-metrics.js';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, trackForGracefulClose, type GracefulClose } from './graceful-close.js';

/**
 * Options of `createRegistry`. The runtime bounds (RuntimeOptions: routing-URL denied ranges, SDL limits, schema
 * workers, checks per graph) are documented in docs/registry-api.md, "Limits".
 */
export interface RegistryOptions extends RuntimeOptions {
  /** PostgreSQL connection string; when absent the registry runs on embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, default `.atrium/registry-db` under the cwd; `memory://` for tests. */
  dataDir?: string | undefined;
  /** Make sure this secret exists as an admin token (ATRIUM_ADMIN_TOKEN); no initial token is generated. */
  adminToken?: string | undefined;
  /** A pino logger, or `false` for none; default: pino at info level on stdout. */
  logger?: Logger | false | undefined;
  /** Largest accepted request body in bytes; default 5 MiB. */
  bodyLimit?: number | undefined;
}

export interface Registry {
  app: FastifyInstance;
  db: Database;
  /** The secret of the admin token created on first start, to be shown once; `null` otherwise. */
  initialAdminToken: string | null;
  /** The registry's metrics (`GET /metrics`), when on. */
  metrics: RegistryMetrics | undefined;
  /** Runs the usage retention job once, now (it also runs in the background); rows deleted per table. */
  pruneUsage(): Promise<Record<string, number>>;
  /** Runs the webhooks' deprecation evaluation once, now (it also runs in the background); the events fired. */
  evaluateDeprecations(): Promise<number>;
  close(): Promise<void>;
}

/** Secrets never reach the logs. */
const REDACT = ['req.headers.authorization', 'headers.authorization', 'authorization'];

function createLogger(option: Logger | false | undefined): Logger | undefined {
  if (option === false) return undefined;
  if (option) return option.child({}, { redact: REDACT });
  return pino({ level: 'info', redact: REDACT });
}

/** Builds the registry (database, migrations, first admin token, routes) without listening. */
export async function createRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const { logger: loggerOption, ...checked } = options;
  checkRegistryOptions(checked);
  const logger = createLogger(loggerOption);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, logger });
  let app: FastifyInstance | undefined;
  let context: RegistryContext | undefined;
  try {
    const metricsOptions = options.metrics ?? { enabled: true, listen: 'api' };
    const metrics = metricsOptions.enabled ? new RegistryMetrics() : undefined;
    const ctx = createRegistryContext(db, logger, options, metrics);
    context = ctx;
    const initialAdminToken = await ensureAdminToken(ctx, options.adminToken);
    const onApi = metrics && metricsOptions.enabled && metricsOptions.listen === 'api';
    const { app: ready, drain } = buildApp(
      ctx,
      bodyLimit,
      logger,
      onApi ? metricsRoute('/metrics', metrics, logger) : undefined,
    );
    app = ready;
    const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    await ready.ready();
    const stopPruning = startUsagePruning(ctx);
    ctx.webhooks.start();
    const stopDeprecationWatch = startDeprecationWatch(ctx);
    let closing: Promise<void> | undefined;
    return {
      app: ready,
      db,
      initialAdminToken,
      metrics,
      pruneUsage: () => pruneUsageNow(ctx),
      evaluateDeprecations: () => evaluateDeprecationsNow(ctx),
      close: () =>
        (closing ??= stopPruning()
          .then(() => stopDeprecationWatch())
          .then(() => drain.close(shutdownTimeoutMs))
          .then(() => ctx.webhooks.stop())
          .finally(() => ctx.schemaWork.close())
          .finally(() => db.close())),
    };
  } catch (error) {
    await app?.close();
    await context?.webhooks.stop();
    await context?.schemaWork.close();
    await db.close();
    throw error;
  }
}

function buildApp(
  ctx: RegistryContext,
  bodyLimit: number,
  logger: Logger | undefined,
  metricsOnApi: MetricsRoute | undefined,
): { app: FastifyInstance; drain: GracefulClose } {
  // Typed as fastify's base logger so the instance has the plain `FastifyInstance` type.
  const loggerInstance: FastifyBaseLogger | undefined = logger;
  const handleError = createErrorHandler(bodyLimit, logger);
  const app: FastifyInstance = Fastify({
    bodyLimit,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // The router's own errors (bad percent-encoding, over-long path segments) and Node's HTTP parser errors
    // get the catalogue body too.
    frameworkErrors: (error, request, reply) => void handleError(error, request, reply),
    clientErrorHandler: createClientErrorHandler(logger),
    ...(loggerInstance ? { loggerInstance } : { logger: false }),
  });
  const drain = trackForGracefulClose(app);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  const metrics = ctx.metrics;
  if (metrics !== undefined) {
    // By route template, never the raw URL: graph and subgraph names are not label values.
    app.addHook('onResponse', (request, reply, done) => {
      metrics.requestAnswered(
        request.method,
        request.routeOptions.url,
        reply.statusCode,
        reply.elapsedTime / 1_000,
      );
      done();
    });
  }
  if (metricsOnApi !== undefined) {
    app.get(metricsOnApi.path, (request, reply) => {
      reply.hijack();
      metricsOnApi.serve(request.raw, reply.raw);
    });
  }
  for (const route of registryRoutes) app.route(route(ctx));
  return { app, drain };
}

export interface StartRegistryOptions extends RegistryOptions {
  /** Default 0: an ephemeral port. */
  port?: number | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
}

export interface RunningRegistry {
  url: string;
  /** Where `GET /metrics` answers (the API listener's `/metrics`, or the metrics listener); undefined when off. */
  metricsUrl: string | undefined;
  initialAdminToken: string | null;
  close(): Promise<void>;
}

/** Creates the registry and listens; `url` is where it answers (`http://127.0.0.1:<port>`). */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const { port = 0, host = '127.0.0.1', ...registryOptions } = options;
  const registry = await createRegistry(registryOptions);
  const metricsOptions = registryOptions.metrics;
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  try {
    await registry.app.listen({ port, host });
    if (registry.metrics && metricsOptions?.enabled && metricsOptions.listen === 'separate') {
      const route = metricsRoute('/metrics', registry.metrics, undefined);
      metricsServer = await startMetricsServer(route, metricsOptions.host, metricsOptions.port);
    }
  } catch (error) {
    await registry.close();
    throw error;
  }
  const address = registry.app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${boundPort}`;
  return {
    url,
    metricsUrl: metricsServer ? `${metricsServer.url}/metrics` : registry.metrics && `${url}/metrics`,
    initialAdminToken: registry.initialAdminToken,
    close: async () => {
      await metricsServer?.close();
      await registry.close();
    },
  };
}
