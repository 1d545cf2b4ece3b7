import { authorize } from '../../services/authorization.js';
import { deleteClient } from '../../services/client-records.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientParamsSchema } from './client-schemas.js';

/** Deletes a record (not a reserved one) and answers it as it was; `If-Match` makes it conditional. */
export const deleteClientRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph/clients/:id',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph, id } = validate(clientParamsSchema, request.params);
    return { client: await deleteClient(ctx, graph, id, principal, request.headers['if-match']) };
  },
});
