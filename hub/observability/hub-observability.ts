/**
 * The hub's metrics and traces, built from `metrics` and `tracing` (hub/config/observability-schema.ts): the
 * metrics registry, the tracer, the observer that the request path reports to, and the metrics listener.
 */
import type { Logger } from 'pino';
import type { PersistedOperationsView } from '../../policies/contract/persisted-operations.js';
import type { PolicyEvents } from '../../policies/contract/policy-events.js';
import type { SupergraphView } from '../../policies/contract/supergraph-view.js';
import type { HubConfig } from '../config/hub-config.js';
import { createTrustedPeer } from '../http/client-address.js';
import { HubMetrics } from './hub-metrics.js';
import { HubObserver } from './hub-observer.js';
import { createHubTracing, type HubTracing } from './hub-tracing.js';
import {
  metricsRoute,
  startMetricsServer,
  type MetricsRoute,
  type MetricsServer,
} from '../../lib/metrics-endpoint.js';
import { OperationNameLabels } from './operation-name-labels.js';

export const HUB_VERSION = '0.1.0';

export interface HubObservability {
  /** Absent when metrics and traces are both off. */
  readonly observer: HubObserver | undefined;
  /** Where the policies report their decisions (the metrics), absent without metrics. */
  readonly events: PolicyEvents | undefined;
  /** `GET /metrics` on the GraphQL listener (`metrics.listen: graphql`). */
  readonly graphqlRoute: MetricsRoute | undefined;
  readonly metrics: HubMetrics | undefined;
  /** Starts the metrics listener of its own (`metrics.listen: separate`); its URL. */
  listen(): Promise<string | undefined>;
  /** Follows the supergraph and the registered operations (the `operation_name` label values). */
  follow(supergraph: SupergraphView, operations: PersistedOperationsView): void;
  close(): Promise<void>;
}

export function createHubObservability(
  config: Pick<HubConfig, 'metrics' | 'tracing' | 'server'>,
  logger: Logger,
): HubObservability {
  const metrics = config.metrics.enabled ? new HubMetrics() : undefined;
  const tracing: HubTracing | undefined = config.tracing.enabled
    ? createHubTracing(config.tracing, HUB_VERSION)
    : undefined;
  const names = new OperationNameLabels(new Set(config.metrics.operationNames));
  const observer =
    metrics || tracing
      ? new HubObserver({
          metrics,
          tracing,
          operationNames: names,
          trustedPeer: createTrustedPeer(config.server.trustedProxies),
        })
      : undefined;
  const route = metrics && metricsRoute(config.metrics.path, metrics, logger);
  const listener = config.metrics.listener;
  let server: MetricsServer | undefined;
  const unsubscribe: (() => void)[] = [];

  return {
    observer,
    events: metrics,
    metrics,
    graphqlRoute: listener.kind === 'graphql' ? route : undefined,
    async listen() {
      if (route === undefined || listener.kind !== 'separate') return undefined;
      server = await startMetricsServer(route, listener.host, listener.port);
      return `${server.url}${route.path}`;
    },
    follow(supergraph, operations) {
      if (metrics === undefined) return;
      unsubscribe.push(
        supergraph.onLoad(({ supergraph: loaded }) => metrics.supergraphLoaded(loaded.hash, new Date())),
        operations.onChange((set) =>
          names.setRegistered(set.operations.flatMap((operation) => operation.name ?? [])),
        ),
      );
      names.setRegistered(operations.current().operations.flatMap((operation) => operation.name ?? []));
    },
    async close() {
      for (const stop of unsubscribe) stop();
      await server?.close();
      await tracing?.shutdown();
    },
  };
}
