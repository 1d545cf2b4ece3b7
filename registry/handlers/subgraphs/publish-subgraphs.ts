import { RegistryErrors } from '../../errors.js';
import { authorize } from '../../services/authorization.js';
import { resolveContextId, toGitContext } from '../../services/git-context.js';
import { publishSubgraphs } from '../../services/publish-subgraphs.js';
import { batchPublishBodySchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { notifyBatchPublish } from '../../webhooks/write-events.js';

/** Several subgraphs composed and published at once: one new supergraph version, or nothing. */
export const publishSubgraphsRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    const graphName = pathParam(request, 'graph');
    authorize(principal, { action: 'read', graph: graphName });
    const { graph, variant } = validate(variantParamsSchema, request.params);
    const body = validate(batchPublishBodySchema, request.body);
    for (const subgraph of body.subgraphs) {
      authorize(principal, { action: 'publish', graph, subgraph: subgraph.name });
    }
    const git = toGitContext(body.git);
    const result = await publishSubgraphs(ctx, {
      graph,
      variant,
      subgraphs: body.subgraphs,
      principal,
      force: body.force,
      reason: body.reason,
      git,
      contextId: resolveContextId(body.contextId, git),
    });
    notifyBatchPublish(ctx, { graph, variant }, result);
    if (result.status === 'blocked') {
      throw RegistryErrors.BATCH_BREAKING_CHANGES.create({
        blocked: result.blocked.map((entry) => ({
          subgraph: entry.subgraph,
          checkId: entry.check.id,
          report: entry.check.report,
          ignoredApprovals: entry.ignoredApprovals,
        })),
      });
    }
    return reply.code(result.status === 'published' ? 201 : 200).send(result);
  },
});
