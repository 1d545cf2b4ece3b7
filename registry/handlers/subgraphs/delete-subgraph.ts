import { authorize } from '../../services/authorization.js';
import { deleteSubgraph } from '../../services/delete-subgraph.js';
import { subgraphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const deleteSubgraphRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs/:name',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'publish', subgraph: pathParam(request, 'name') });
    const { graph, variant, name } = validate(subgraphParamsSchema, request.params);
    return deleteSubgraph(ctx, { graph, variant, subgraph: name, principal });
  },
});
