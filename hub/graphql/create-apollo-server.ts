import type { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { HubConfig } from '../config/hub-config.js';
import type { Pipeline } from '../pipeline/assemble-pipeline.js';
import type { HubContext } from '../../policies/contract/hub-context.js';
import { createIntrospectionGuard } from '../pipeline/introspection-guard.js';
import { createPipelinePlugin } from '../pipeline/pipeline-plugin.js';
import { createSelectionBudget } from '../pipeline/selection-budget.js';
import { KnownOperationTypesRule } from './known-operation-types-rule.js';
import { withPlanningRefusals } from './planning-refusal.js';
import { createSharedExecutions, withSharedExecutions } from './shared-executions.js';
import { withOwnExecutor } from './plan-executor/own-executor.js';
import { stringifyResult } from './stringify-result.js';
import { createMaskingFormatError } from './format-error.js';
import type { HubObserver } from '../observability/hub-observer.js';

export interface ApolloServerDeps {
  readonly config: HubConfig;
  readonly gateway: ApolloGateway;
  readonly pipeline: Pipeline;
  readonly logger: Logger;
  /** The hub's metrics and traces (its Apollo plugin); none when both are off. */
  readonly observer?: HubObserver | undefined;
}

export function createApolloServer({
  config,
  gateway,
  pipeline,
  logger,
  observer,
}: ApolloServerDeps): ApolloServer<HubContext> {
  const masked = config.maskErrors;
  const tracingPlugin = observer?.plugin();
  // Identical concurrent queries of indistinguishable callers share the gateway's execution (each request still
  // passes every policy); planning refusals of a shared execution reach each request as its own.
  // The hub's execution of the gateway's plans (`operations.executor`), under the shared executions.
  const planned =
    config.operations.executor === 'hub' ? withOwnExecutor(gateway, observer?.planExecutions()) : gateway;
  const executing = config.operations.deduplicateInFlight
    ? withSharedExecutions(planned, createSharedExecutions({ plan: pipeline.plan }))
    : planned;
  return new ApolloServer<HubContext>({
    gateway: withPlanningRefusals(executing, logger.child({ component: 'planning' })),
    // Always on for Apollo: `off` is enforced by the pipeline's introspection guard with a clear code
    // (INTROSPECTION_DISABLED), `filtered` by field-authz; Apollo's rule would refuse first, with a generic one.
    introspection: true,
    // With `persisted-operations` on, ids are the policy's: Apollo's own APQ cache would let any client register
    // a document by sending it with its hash, and serve it by hash later, whatever the client's mode.
    ...(pipeline.enabled.includes('persisted-operations') ? { persistedQueries: false as const } : {}),
    csrfPrevention: config.server.csrfPrevention,
    // Apollo's own serialization, once per answer shared by deduplicated requests.
    stringifyResult,
    includeStacktraceInErrorResponses: !masked,
    ...(masked ? { formatError: createMaskingFormatError(logger) } : {}),
    logger: logger.child({ component: 'apollo' }),
    // The hub handles SIGINT/SIGTERM itself (`runHub`), draining HTTP before stopping Apollo.
    stopOnTerminationSignals: false,
    // Before validation: a document longer than this fails to parse (400 GRAPHQL_PARSE_FAILED).
    parseOptions: { maxTokens: config.operations.maxTokens },
    validationRules: [KnownOperationTypesRule],
    plugins: [
      createPipelinePlugin(pipeline, {
        guards: [
          createSelectionBudget(config.operations.maxSelections),
          ...(config.introspection === 'off' ? [createIntrospectionGuard()] : []),
        ],
      }),
      ...(config.introspection === 'off' ? [ApolloServerPluginLandingPageDisabled()] : []),
      ...(tracingPlugin ? [tracingPlugin] : []),
    ],
  });
}
