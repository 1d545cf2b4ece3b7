import { authorize } from '../../services/authorization.js';
import { clientEtag, createClient } from '../../services/client-records.js';
import { graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { createClientBodySchema } from './client-schemas.js';

export const createClientRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/clients',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph } = validate(graphParamsSchema, request.params);
    const body = validate(createClientBodySchema, request.body);
    const client = await createClient(ctx, graph, body, principal);
    return reply.code(201).header('etag', clientEtag(client)).send({ client });
  },
});
