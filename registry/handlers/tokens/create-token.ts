import { authorize } from '../../services/authorization.js';
import { createToken } from '../../services/tokens.js';
import { createTokenBodySchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const createTokenRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/tokens',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const body = validate(createTokenBodySchema, request.body);
    const created = await createToken(ctx, {
      name: body.name,
      role: body.role,
      subgraphs: body.subgraphs ?? null,
      graphs: body.graphs ?? null,
      team: body.team ?? null,
    });
    return reply.code(201).send(created);
  },
});
