/**
 * A supergraph may declare `@authenticated`, `@requiresScopes` or `@policy` while the hub does not enforce them
 * (no `auth:` / `authorization:` configured): every caller can then read those fields. That is a legitimate
 * setup (authorization done by the subgraphs), but never a silent one: it is logged at each load.
 */
import type { Logger } from 'pino';
import type { SupergraphView } from '../supergraph/supergraph-view.js';
import type { Pipeline } from './assemble-pipeline.js';

export function warnAboutUnenforcedDirectives(
  supergraph: SupergraphView,
  pipeline: Pipeline,
  logger: Logger,
): void {
  if (pipeline.enabled.includes('field-authz')) return;
  supergraph.onLoad(({ supergraph: { metadata, hash } }) => {
    const declared = metadata.authenticated.size + metadata.requiresScopes.size + metadata.policies.size;
    if (declared === 0) return;
    logger.warn(
      { hash, coordinates: declared },
      'the supergraph declares @authenticated/@requiresScopes/@policy but authorization is not enabled: ' +
        'these fields are served to every caller (configure auth and authorization to enforce them)',
    );
  });
}
