import { ApolloGateway } from '@apollo/gateway';
import type { Logger } from 'pino';
import type { HubConfig } from '../config/hub-config.js';
import { subgraphErrorPolicy } from '../config/subgraphs-schema.js';
import { SubgraphDataSource } from '../datasource/subgraph-data-source.js';
import type { SupergraphManager } from '../supergraph/supergraph-manager.js';

/** The gateway, fed by the supergraph manager and talking to subgraphs through the hub's data source. */
export function createGateway(
  supergraph: SupergraphManager,
  { identityForwarding: identity, subgraphs }: Pick<HubConfig, 'identityForwarding' | 'subgraphs'>,
  logger: Logger,
): ApolloGateway {
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.gatewayHook,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        name,
        url,
        logger,
        identity,
        timeoutMs: subgraphs.timeoutMs,
        maxResponseBytes: subgraphs.maxResponseBytes,
        errors: subgraphErrorPolicy(subgraphs, name),
      }),
    logger: logger.child({ component: 'gateway' }),
  });
  supergraph.observe(gateway);
  return gateway;
}
