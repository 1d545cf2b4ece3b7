import { authorize, inGraphScope } from '../../services/authorization.js';
import { listAllGraphs } from '../../services/graphs.js';
import { authenticateRequest } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const listGraphsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: null });
    const graphs = await listAllGraphs(ctx);
    return { graphs: graphs.filter((graph) => inGraphScope(principal, graph.name)) };
  },
});
