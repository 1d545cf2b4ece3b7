import { authorize } from '../../services/authorization.js';
import { withConsumption } from '../../services/client-consumption.js';
import { clientSetEtag, listClients } from '../../services/client-records.js';
import { matchesIfNoneMatch } from '../../services/entity-tags.js';
import { graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientIncludeQuerySchema } from './client-schemas.js';

/**
 * What hubs poll: a graph's whole client set, with an ETag so an unchanged set costs a 304. With
 * `?include=consumption` (the dashboard), each record also carries its quotas' newest observation.
 */
export const listClientsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/clients',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph } = validate(graphParamsSchema, request.params);
    const { include } = validate(clientIncludeQuerySchema, request.query ?? {});
    const set = await listClients(ctx, graph);
    if (include === 'consumption') {
      // Changes with every usage batch: no ETag (hubs poll the plain set, whose ETag it would churn).
      const clients = await withConsumption(ctx, graph, set.clients);
      return reply.header('cache-control', 'no-store').send({ graph: set.graph, clients });
    }
    const etag = clientSetEtag(set);
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(set);
  },
});
