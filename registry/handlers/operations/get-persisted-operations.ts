import { authorize } from '../../services/authorization.js';
import { matchesIfNoneMatch } from '../../services/entity-tags.js';
import { readPersistedOperationsFeed } from '../../services/persisted-operations.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/** What hubs poll: the variant's active operation sets and their documents, with an ETag (304 while unchanged). */
export const getPersistedOperationsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/persisted-operations',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    const feed = await readPersistedOperationsFeed(ctx, params);
    void reply.header('etag', feed.etag).header('cache-control', 'no-cache');
    if (matchesIfNoneMatch(request.headers['if-none-match'], feed.etag)) return reply.code(304).send();
    return reply.send(await feed.load());
  },
});
