import { authorize } from '../../services/authorization.js';
import { setOwner } from '../../services/audit-and-changelog.js';
import { ownerBodySchema, subgraphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const setSubgraphOwnerRoute: RouteFactory = (ctx) => ({
  method: 'PUT',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs/:name/owner',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, {
      action: 'publish',
      graph: pathParam(request, 'graph'),
      subgraph: pathParam(request, 'name'),
    });
    const { graph, variant, name } = validate(subgraphParamsSchema, request.params);
    const body = validate(ownerBodySchema, request.body);
    return { owner: await setOwner(ctx, { graph, variant, subgraph: name }, body, principal) };
  },
});
