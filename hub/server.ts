/**
 * `startHub`: the hub as one object. Reading this file top to bottom gives the boot order: supergraph source
 * and manager, policy pipeline (boot checks), gateway and Apollo Server, HTTP listener, first supergraph.
 * The request path itself is in `http/request-handler.ts` and `pipeline/` (see docs/request-lifecycle.md).
 */
import { pino, type Logger } from 'pino';
import type { PolicyTableEntry } from '../policies/contract/policy.js';
import { createClientRecords } from './clients/client-records.js';
import { createPersistedOperationSets } from './persisted-operations/persisted-operation-sets.js';
import type { HubConfig } from './config/hub-config.js';
import { createApolloServer } from './graphql/create-apollo-server.js';
import { createGateway } from './graphql/create-gateway.js';
import { createPlanWarmUp, type PlanWarmUp } from './graphql/plan-warm-up.js';
import { startHttpServer } from './http/http-server.js';
import { createRequestHandler, type HubReadiness } from './http/request-handler.js';
import { assemblePipeline } from './pipeline/assemble-pipeline.js';
import { createContextBuilder } from './pipeline/pipeline-plugin.js';
import { directivesOf } from './pipeline/table-declarations.js';
import { policyTable } from './pipeline/table.js';
import { warnAboutUnenforcedDirectives } from './pipeline/unenforced-directives.js';
import { createHubObservability } from './observability/hub-observability.js';
import { RequestState } from '../policies/contract/request-state.js';
import { createSupergraphSource } from './supergraph/create-supergraph-source.js';
import type { PreparedSupergraph } from './supergraph/prepare-supergraph.js';
import { SupergraphManager } from './supergraph/supergraph-manager.js';

export type { HubConfig } from './config/hub-config.js';

export interface StartHubDeps {
  /** Defaults to a pino logger at `config.logLevel` writing to stdout. */
  readonly logger?: Logger;
  /** The policy table; the hub's own by default (tests run their own, built from real definitions). */
  readonly policyTable?: readonly PolicyTableEntry[];
}

export interface RunningHub {
  /** `http://127.0.0.1:<port>` (or the configured host); GraphQL is at `url + config.server.graphqlPath`. */
  readonly url: string;
  readonly port: number;
  /** True once a supergraph is loaded and GraphQL requests are served. */
  ready(): boolean;
  /** The supergraph being served, or null before the first one. */
  current(): PreparedSupergraph | null;
  /** Graceful: stop accepting, finish in-flight requests (bounded), stop the gateway, the policies (in reverse
   * table order) and the pollers. */
  close(): Promise<void>;
  /** Where `GET /metrics` answers: `<url>/metrics` on the GraphQL listener, or the metrics listener's; undefined
   * with metrics off. */
  readonly metricsUrl: string | undefined;
  /** The query-plan warm-up (registered operations planned ahead): its counters, and when its runs are done. */
  readonly plans: Pick<PlanWarmUp, 'stats' | 'settled'>;
}

export async function startHub(config: HubConfig, deps: StartHubDeps = {}): Promise<RunningHub> {
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const table = deps.policyTable ?? policyTable;
  const { source, lastKnownGood } = createSupergraphSource(config, logger);
  const supergraph = new SupergraphManager({
    source,
    lastKnownGood,
    logger,
    directives: directivesOf(table),
  });
  // Client records are fetched only once a policy that uses them (`clients`) starts them.
  const clients = createClientRecords(config, logger);
  // Likewise the persisted operations, by `persisted-operations`.
  const persistedOperations = createPersistedOperationSets(config, logger);
  // Registered operations (from `persisted-operations`) planned ahead of their first request.
  const observability = createHubObservability(config, logger);
  const { observer } = observability;
  const warmUp = createPlanWarmUp(logger.child({ component: 'plan-warm-up' }), observability.events);
  const assembled = assemblePipeline(table, config.policies, {
    logger,
    supergraph,
    clients,
    persistedOperations,
    warmUp: (documents) => warmUp.warm(documents),
    events: observability.events,
  });
  // With tracing, each policy phase runs in a span of its own.
  const pipeline = observer ? observer.observePipeline(assembled) : assembled;
  observability.follow(supergraph, persistedOperations);
  warnAboutUnenforcedDirectives(table, supergraph, pipeline, logger);
  const apollo = createApolloServer({
    config,
    gateway: createGateway(supergraph, config, pipeline, logger, warmUp, observer),
    pipeline,
    logger,
    observer,
  });
  const buildContext = createContextBuilder(pipeline);

  let apolloState: { phase: 'starting' } | { phase: 'started' } | { phase: 'failed'; reason: string } = {
    phase: 'starting',
  };
  let closing = false;
  // Apollo's start waits in the gateway's `load()` until the manager has a first supergraph.
  const apolloStarted = apollo.start().then(
    () => {
      apolloState = { phase: 'started' };
    },
    (error: unknown) => {
      if (closing) return;
      apolloState = {
        phase: 'failed',
        reason: `GraphQL server failed to start: ${(error as Error).message}`,
      };
      logger.error({ err: error }, 'GraphQL server failed to start');
    },
  );

  function readiness(): HubReadiness {
    const loaded = supergraph.readiness();
    if (!loaded.ready) return { ready: false, reason: loaded.reason, waitingFor: 'supergraph' };
    if (apolloState.phase === 'failed') {
      return { ready: false, reason: apolloState.reason, waitingFor: 'supergraph' };
    }
    if (apolloState.phase === 'starting')
      return { ready: false, reason: 'starting', waitingFor: 'supergraph' };
    const policies = pipeline.lifecycles.readiness();
    if (!policies.ready) return { ready: false, reason: policies.reason, waitingFor: 'policy' };
    return { ready: true, hash: supergraph.current()?.hash ?? '', degraded: policies.degraded };
  }

  const handler = createRequestHandler({
    graphqlPath: config.server.graphqlPath,
    bodyLimitBytes: config.server.bodyLimitBytes,
    responseLimitBytes: config.server.maxResponseBytes,
    trustedProxies: config.server.trustedProxies,
    logger,
    readiness,
    executeGraphQL: (httpGraphQLRequest, arrival) => {
      const state = new RequestState(arrival);
      observer?.attach(arrival, state);
      return apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: () => buildContext(httpGraphQLRequest, state),
      });
    },
    observe: observer && ((req, res, arrival) => observer.begin(req, res, arrival)),
    metrics: observability.graphqlRoute,
  });
  const http = await startHttpServer(handler, config.server.host, config.server.port).catch(
    async (error: unknown) => {
      closing = true; // e.g. the port is taken: release the waiting gateway before failing
      await supergraph.stop();
      await clients.stop();
      await persistedOperations.stop();
      await apolloStarted;
      await observability.close();
      throw error;
    },
  );
  const metricsUrl = await observability
    .listen()
    .then((url) => url ?? (observability.graphqlRoute && `${http.url}${observability.graphqlRoute.path}`))
    .catch(async (error: unknown) => {
      closing = true; // the metrics port is taken
      await http.close(0);
      await supergraph.stop();
      await clients.stop();
      await persistedOperations.stop();
      await apolloStarted;
      await observability.close();
      throw error;
    });

  // Policies start once the hub listens, in table order; until each is done /ready says which one it waits for.
  const policiesStarted = pipeline.lifecycles.start();
  await supergraph.start();
  if (supergraph.current() !== null) await apolloStarted;
  logger.info(
    {
      url: http.url,
      metrics: metricsUrl ?? null,
      tracing: config.tracing.enabled,
      source: source.description,
      policies: pipeline.enabled,
      introspection: config.introspection,
      ...readiness(),
    },
    'hub started',
  );

  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    closing = true;
    await http.close(config.server.shutdownTimeoutMs);
    if (apolloState.phase === 'started') await apollo.stop();
    await policiesStarted;
    await pipeline.lifecycles.stop();
    await clients.stop();
    await persistedOperations.stop();
    await supergraph.stop();
    await apolloStarted;
    await observability.close();
    logger.info('hub stopped');
  }

  return {
    url: http.url,
    port: http.port,
    metricsUrl,
    ready: () => readiness().ready,
    current: () => supergraph.current(),
    close: () => (closed ??= close()),
    plans: { stats: () => warmUp.stats(), settled: () => warmUp.settled() },
  };
}
