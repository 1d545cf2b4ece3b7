import { authorize } from '../../services/authorization.js';
import { withConsumption } from '../../services/client-consumption.js';
import { clientEtag, getClient } from '../../services/client-records.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientIncludeQuerySchema, clientParamsSchema } from './client-schemas.js';

export const getClientRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/clients/:id',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph, id } = validate(clientParamsSchema, request.params);
    const { include } = validate(clientIncludeQuerySchema, request.query ?? {});
    const client = await getClient(ctx, graph, id);
    // The ETag is the record's (for `If-Match` on update and delete), consumption not included.
    void reply.header('etag', clientEtag(client));
    if (include !== 'consumption') return reply.send({ client });
    const [withUse] = await withConsumption(ctx, graph, [client]);
    return reply.header('cache-control', 'no-store').send({ client: withUse });
  },
});
