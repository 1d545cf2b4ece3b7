import { authorize } from '../../services/authorization.js';
import { getSubgraph } from '../../services/variant-reads.js';
import { subgraphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const getSubgraphRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs/:name',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph, variant, name } = validate(subgraphParamsSchema, request.params);
    return { subgraph: await getSubgraph(ctx, { graph, variant }, name) };
  },
});
