import { authorize } from '../../services/authorization.js';
import { clientSetEtag, listClients } from '../../services/client-records.js';
import { matchesIfNoneMatch } from '../../services/entity-tags.js';
import { graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** What hubs poll: a graph's whole client set, with an ETag so an unchanged set costs a 304. */
export const listClientsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/clients',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph } = validate(graphParamsSchema, request.params);
    const set = await listClients(ctx, graph);
    const etag = clientSetEtag(set);
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(set);
  },
});
