import { authorize } from '../../services/authorization.js';
import { publishSubgraph } from '../../services/publish-subgraph.js';
import { publishBodySchema, subgraphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const publishSubgraphRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs/:name',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'publish', subgraph: pathParam(request, 'name') });
    const { graph, variant, name } = validate(subgraphParamsSchema, request.params);
    const body = validate(publishBodySchema, request.body);
    const result = await publishSubgraph(ctx, {
      graph,
      variant,
      subgraph: name,
      sdl: body.sdl,
      routingUrl: body.routingUrl,
      publishedBy: principal.name,
    });
    return reply.code(result.status === 'published' ? 201 : 200).send(result);
  },
});
