import type { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { HubConfig } from '../config/hub-config.js';
import type { Pipeline } from '../pipeline/assemble-pipeline.js';
import type { HubContext } from '../pipeline/hub-context.js';
import { createIntrospectionGuard } from '../pipeline/introspection-guard.js';
import { createPipelinePlugin } from '../pipeline/pipeline-plugin.js';
import { createMaskingFormatError } from './format-error.js';

export interface ApolloServerDeps {
  readonly config: HubConfig;
  readonly gateway: ApolloGateway;
  readonly pipeline: Pipeline;
  readonly logger: Logger;
}

export function createApolloServer({
  config,
  gateway,
  pipeline,
  logger,
}: ApolloServerDeps): ApolloServer<HubContext> {
  const masked = config.maskErrors;
  return new ApolloServer<HubContext>({
    gateway,
    // Always on for Apollo: `off` is enforced by the pipeline's introspection guard with a clear code
    // (INTROSPECTION_DISABLED), `filtered` by field-authz; Apollo's rule would refuse first, with a generic one.
    introspection: true,
    csrfPrevention: config.server.csrfPrevention,
    includeStacktraceInErrorResponses: !masked,
    ...(masked ? { formatError: createMaskingFormatError(logger) } : {}),
    logger: logger.child({ component: 'apollo' }),
    // The hub handles SIGINT/SIGTERM itself (`runHub`), draining HTTP before stopping Apollo.
    stopOnTerminationSignals: false,
    plugins: [
      createPipelinePlugin(pipeline, {
        introspectionGuard: config.introspection === 'off' ? createIntrospectionGuard() : undefined,
      }),
      ...(config.introspection === 'off' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
}
