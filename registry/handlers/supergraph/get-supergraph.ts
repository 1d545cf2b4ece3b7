import { authorize } from '../../services/authorization.js';
import { getCurrentSupergraph } from '../../services/variant-reads.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { etagOf, matchesIfNoneMatch } from '../../services/entity-tags.js';

/** What hubs poll: the current supergraph, with an ETag so an unchanged one costs a 304. */
export const getSupergraphRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/supergraph',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    const supergraph = await getCurrentSupergraph(ctx, params);
    const etag = etagOf(supergraph.hash);
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(supergraph);
  },
});
