import { authorize } from '../../services/authorization.js';
import { clientEtag, updateClient } from '../../services/client-records.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientParamsSchema, updateClientBodySchema } from './client-schemas.js';

/** Replaces the fields given; `If-Match` (an ETag of the record) makes it conditional. */
export const updateClientRoute: RouteFactory = (ctx) => ({
  method: 'PATCH',
  url: '/v1/graphs/:graph/clients/:id',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph, id } = validate(clientParamsSchema, request.params);
    const body = validate(updateClientBodySchema, request.body);
    const client = await updateClient(ctx, graph, id, body, principal, request.headers['if-match']);
    return reply.header('etag', clientEtag(client)).send({ client });
  },
});
