import { authorize } from '../../services/authorization.js';
import { createGraph } from '../../services/graphs.js';
import { createGraphBodySchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const createGraphRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const body = validate(createGraphBodySchema, request.body);
    const graph = await createGraph(ctx, body.name);
    return reply.code(201).send({ graph });
  },
});
