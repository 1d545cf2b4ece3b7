import { authorize } from '../../services/authorization.js';
import { clientEtag, getClient } from '../../services/client-records.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientParamsSchema } from './client-schemas.js';

export const getClientRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/clients/:id',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph, id } = validate(clientParamsSchema, request.params);
    const client = await getClient(ctx, graph, id);
    return reply.header('etag', clientEtag(client)).send({ client });
  },
});
