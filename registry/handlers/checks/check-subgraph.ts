import { authorize } from '../../services/authorization.js';
import { checkSubgraph } from '../../services/checks/schema-checks.js';
import { resolveContextId, toGitContext } from '../../services/git-context.js';
import { checkBodySchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { notifyCheck } from '../../webhooks/write-events.js';

/** Any token may run a check: it changes nothing but the list of stored checks. */
export const checkSubgraphRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants/:variant/checks',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph, variant } = validate(variantParamsSchema, request.params);
    const body = validate(checkBodySchema, request.body);
    const check = await checkSubgraph(ctx, {
      graph,
      variant,
      subgraph: body.subgraph,
      sdl: body.delete ? null : (body.sdl ?? null),
      routingUrl: body.routingUrl ?? null,
      failOn: body.failOn ?? 'breaking',
      skipUsage: body.skipUsage ?? false,
      checkedBy: principal.name,
      git: toGitContext(body.git),
      contextId: resolveContextId(body.contextId, toGitContext(body.git)),
    });
    notifyCheck(ctx, check);
    return reply.code(201).send({ check });
  },
});
