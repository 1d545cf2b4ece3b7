import { authorize } from '../../services/authorization.js';
import { deleteGraph } from '../../services/delete-graph.js';
import { deleteConfirmQuerySchema, graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** Admin only; `?confirm=<graph>` must repeat the name (400 CONFIRMATION_REQUIRED otherwise). */
export const deleteGraphRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph } = validate(graphParamsSchema, request.params);
    const { confirm, reason } = validate(deleteConfirmQuerySchema, request.query);
    return { graph: await deleteGraph(ctx, graph, { principal, confirm, reason }) };
  },
});
