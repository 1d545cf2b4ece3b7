import { authorize } from '../../services/authorization.js';
import { listSubgraphs } from '../../services/variant-reads.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const listSubgraphsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    return { subgraphs: await listSubgraphs(ctx, params) };
  },
});
