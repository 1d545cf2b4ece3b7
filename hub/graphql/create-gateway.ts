import { ApolloGateway } from '@apollo/gateway';
import type { Logger } from 'pino';
import type { HubContext } from '../../policies/contract/hub-context.js';
import type { HubConfig } from '../config/hub-config.js';
import { subgraphErrorPolicy } from '../config/subgraphs-schema.js';
import { SubgraphDataSource } from '../datasource/subgraph-data-source.js';
import type { Pipeline } from '../pipeline/assemble-pipeline.js';
import type { SupergraphManager } from '../supergraph/supergraph-manager.js';
import type { HubObserver } from '../observability/hub-observer.js';
import type { PlanWarmUp } from './plan-warm-up.js';
import { EXECUTED_PLAN } from './shared-executions.js';

/**
 * The gateway, fed by the supergraph manager and talking to subgraphs through the hub's data source. It runs
 * the pipeline's `plan` hooks once the query plan is known (before any subgraph is asked: a hook that throws
 * refuses the operation) and its `subgraph-request` hooks before each fetch. With a warm-up, its plan cache is the
 * warm-up's (registered operations planned ahead of their first request).
 */
export function createGateway(
  supergraph: SupergraphManager,
  { subgraphs }: Pick<HubConfig, 'subgraphs'>,
  pipeline: Pick<Pipeline, 'plan' | 'subgraphRequest'>,
  logger: Logger,
  warmUp?: PlanWarmUp,
  observer?: HubObserver,
): ApolloGateway {
  const { plan } = pipeline;
  const planned = observer?.tracing ? observer : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.gatewayHook,
    // The plan cache the warm-up fills (plan-warm-up.ts); the gateway's default store otherwise.
    ...(warmUp && { queryPlannerConfig: { cache: warmUp.cache } }),
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        name,
        url,
        logger,
        subgraphRequest: pipeline.subgraphRequest,
        timeoutMs: subgraphs.timeoutMs,
        maxResponseBytes: subgraphs.maxResponseBytes,
        errors: subgraphErrorPolicy(subgraphs, name),
        observer,
        deduplicateInFlight: subgraphs.deduplicateInFlight,
      }),
    ...((plan.length > 0 || planned !== undefined) && {
      // Called by the gateway's executor between planning and `executeQueryPlan`: an error thrown here is the
      // executor's, which `planning-refusal.ts` passes on with its status.
      experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
        const context = requestContext.context as HubContext;
        const input = { queryPlan, context, operationName: requestContext.operationName };
        // Requests that share this execution (shared-executions.ts) run the hooks with the same plan.
        context.state.set(EXECUTED_PLAN, queryPlan);
        planned?.planned(context);
        for (const hook of plan) hook(input);
      },
    }),
    logger: logger.child({ component: 'gateway' }),
  });
  supergraph.observe(gateway);
  warmUp?.attach(gateway);
  return gateway;
}
